import type { Lang } from './labels.js';

/** What `desk demo` prints: the address to open and the demo's accounts, in the reader's language. */
const WORDS = {
  zh: {
    making: (name: string, dir: string) => `正在生成 ${name} 近两周的记录（${dir}）……`,
    took: (n: number) => `客服中心已导入 ${n} 个事件`,
    open: (url: string) => `客户服务中心页面：请在浏览器打开 ${url}/`,
    account: (role: string, badge: string, password: string) => `  ${role}  工号 ${badge}  密码 ${password}`,
    roles: { director: '主任', supervisor: '客服主管', clerk: '客服' } as Record<string, string>,
    where: (dir: string) => `desk.json 及其余文件在 ${dir}（Ctrl+C 停止）`,
  },
  en: {
    making: (name: string, dir: string) => `making a fortnight of ${name} in ${dir} ...`,
    took: (n: number) => `the desk took in ${n} events`,
    open: (url: string) => `the service desk's pages: open ${url}/`,
    account: (role: string, badge: string, password: string) => `  ${role.padEnd(10)}  badge ${badge}  password ${password}`,
    roles: { director: 'director', supervisor: 'supervisor', clerk: 'clerk' } as Record<string, string>,
    where: (dir: string) => `desk.json and everything else: ${dir}   (Ctrl+C stops)`,
  },
};

export function deskDemoWords(lang: Lang) {
  return WORDS[lang];
}
