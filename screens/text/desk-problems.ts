import type { Lang } from './labels.js';

/** What each flag of the desk's commands is for, said when it is missing. */
const FLAGS: Record<Lang, Record<string, string>> = {
  zh: {
    SOURCE: '共享文件夹（或 desk.json 的 inbox）',
    '--store': '客服中心的存储（文件夹路径，或 postgres://…）',
    '--site': '管理处编号（如 JY01）',
    '--month': '月份 YYYY-MM',
    '--quarter': '季度 YYYY-Qn（如 2026-Q4）',
    '--port': '监听的端口',
    '--config': 'desk.json（人员名单和密码文件所在）',
    '--rule': '回访规则 F1..F7',
    '--item': '事项：登记编号、服务单号或整改编号',
    '--result': '满意、不满意或未联系上',
    '--by': '您的工号',
  },
  en: {
    SOURCE: 'the shared folder (or inbox in desk.json)',
    '--store': 'the desk store (a folder path, or postgres://…)',
    '--site': 'the site id (e.g. JY01)',
    '--month': 'YYYY-MM',
    '--quarter': 'YYYY-Qn (e.g. 2026-Q4)',
    '--port': 'the port to listen on',
    '--config': 'desk.json (where the roster and the password file are)',
    '--rule': 'F1..F7',
    '--item': 'the entry id, order number or case id',
    '--result': 'satisfied, dissatisfied or unreachable (满意, 不满意, 未联系上)',
    '--by': 'your badge',
  },
};

/**
 * The desk's command-line problems, in the desk's language: what is wrong with what was given and
 * what to give instead. The command line stays the same in both (flags, formats, file names).
 */
const WORDS = {
  zh: {
    missing: (flags: string[], lang: Lang) => `缺少 ${flags.join('、')}：${flags.map((f) => `${f} ${FLAGS[lang][f] ?? ''}`).join('；')}（存储和管理处也可由 --config desk.json 给出）`,
    notSite: (given: string) => `--site "${given}" 不是管理处编号（如 JY01）`,
    notDate: (given: string) => `--date "${given}" 不是日期，请写成 YYYY-MM-DD`,
    notMonth: (given: string) => `--month "${given}" 不是月份，请写成 YYYY-MM`,
    notQuarter: (given: string) => `--quarter "${given}" 不是季度，请写成 YYYY-Qn，如 2026-Q4`,
    notPort: (given: string) => `--port "${given}" 不是端口号（0-65535）`,
    notSeconds: (given: string) => `--watch "${given}" 不是秒数`,
    notTime: (flag: string, given: string) => `${flag} "${given}" 不是时间，请写成 YYYY-MM-DD HH:MM`,
    notDays: (given: string) => `--fix-days "${given}" 不是正的天数`,
    notOnRoster: (badge: string, file: string) => `--by "${badge}" 不是客服中心人员名单（${file}）上在职的工号`,
    notTheirSite: (name: string, site: string) => `${name} 的名单行没有管理处 ${site}，不能为它记录回访`,
    oneFormat: '--json、--csv、--xlsx 只能选一个',
    passwordsDiffer: '两次输入的密码不一样；什么都没有改',
    notOnDeskRoster: (badge: string, file: string) => `${badge} 不在客服中心人员名单（${file}）上；请先加一行：工号,姓名,角色,管理处,在职`,
    weakPassword: (problem: 'too-short' | 'edge-space', min: number) => `${problem === 'too-short' ? `密码至少要 ${min} 个字符` : '密码的开头和结尾不能是空格'}；什么都没有改`,
    passwordSet: (name: string, badge: string, active: boolean) => `已为 ${name}（${badge}）设置密码${active ? '' : '（名单上为停用：改为在职前不能登录）'}；客服中心页面立即生效`,
    wrote: (n: number, site: string, day: string, file: string) => `已把 ${site} ${day} 的 ${n} 条登记写入 ${file}`,
  },
  en: {
    missing: (flags: string[], lang: Lang) => `missing ${flags.join(', ')}: ${flags.map((f) => `${f} ${FLAGS[lang][f] ?? ''}`).join('; ')} (or --config desk.json for the store and sites)`,
    notSite: (given: string) => `--site "${given}" is not a site id (e.g. JY01)`,
    notDate: (given: string) => `--date "${given}" is not a date; use YYYY-MM-DD`,
    notMonth: (given: string) => `--month "${given}" is not a month; use YYYY-MM`,
    notQuarter: (given: string) => `--quarter "${given}" is not a quarter; use YYYY-Qn, e.g. 2026-Q4`,
    notPort: (given: string) => `--port "${given}" is not a port number (0-65535)`,
    notSeconds: (given: string) => `--watch "${given}" is not a number of seconds`,
    notTime: (flag: string, given: string) => `${flag} "${given}" is not a time; use YYYY-MM-DD HH:MM`,
    notDays: (given: string) => `--fix-days "${given}" is not a positive number of days`,
    notOnRoster: (badge: string, file: string) => `--by "${badge}" is not an active badge of the desk roster (${file})`,
    notTheirSite: (name: string, site: string) => `${name} does not have site ${site} on their roster line`,
    oneFormat: 'choose one of --json, --csv and --xlsx',
    passwordsDiffer: 'the two passwords differ; nothing was changed',
    notOnDeskRoster: (badge: string, file: string) => `${badge} is not on the desk roster (${file}); add the line badge,name,role,sites,active first`,
    weakPassword: (problem: 'too-short' | 'edge-space', min: number) => `${problem === 'too-short' ? `a password needs at least ${min} characters` : 'a password may not begin or end with a space'}; nothing was changed`,
    passwordSet: (name: string, badge: string, active: boolean) => `password set for ${name} (${badge})${active ? '' : ' — inactive on the roster: cannot sign in until made active'}; the desk's pages take it at once`,
    wrote: (n: number, site: string, day: string, file: string) => `wrote ${n} entries of ${site} ${day} to ${file}`,
  },
};

export type DeskProblems = (typeof WORDS)['zh'];

export function deskProblems(lang: Lang): DeskProblems {
  return WORDS[lang];
}
