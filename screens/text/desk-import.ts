import { basename } from 'node:path';
import type { FolderImportReport, SkipWhy } from '../../src/desk/folder-import.js';
import { batchRefusalText } from './batch-refusal.js';
import type { Lang } from './labels.js';

const WORDS = {
  zh: {
    taken: (file: string, n: number, held: number, site: string, seq: number) => `已导入 ${file}：新增 ${n} 条，已有 ${held} 条；${site} 现已收至序号 ${seq}`,
    unreceipted: (file: string, detail: string) => `已导入 ${file}，但回执写不进共享文件夹（${detail}）；下次运行会再取一次（已有的跳过）`,
    refused: (file: string, why: string) => `拒收 ${file}（已移至 refused/）：${why}`,
    refusedStuck: (file: string, why: string, code: string) => `拒收 ${file}：${why} 它未能移至 refused/（${code}），仍留在原处，下次运行会再次拒收：请检查共享文件夹中 refused/ 的权限`,
    skipped: (file: string, why: string) => `跳过 ${file}：${why}`,
    failed: (file: string, detail: string) => `未导入 ${file}：客服中心的存储出错（${detail}），批次留待下次运行`,
    none: (folder: string) => `${folder} 中没有批次`,
    skip: {
      link: '是符号链接，不是批次文件，未打开。请删除它',
      fifo: '是命名管道，不是批次文件，未打开。请删除它',
      folder: '是文件夹，不是批次文件，未打开。请移走它',
      socket: '是套接字，不是批次文件，未打开。请删除它',
      device: '是设备文件，不是批次文件，未打开。请删除它',
      'not-a-file': '不是普通文件，未打开。请删除它',
      'too-big': (mib?: string) => `有 ${mib ?? '?'} MiB，超过批次的上限，未读取。请删除它`,
      'cannot-open': (code?: string) => `无法打开（${code ?? '?'}）：请检查文件夹的权限`,
      replaced: '打开时被换成了别的文件，未读取；下次运行再看',
    },
    serving: (url: string) => `客服中心已启动：请在浏览器打开 ${url}/（页面与批次接口同一端口；Ctrl+C 停止）`,
  },
  en: {
    taken: (file: string, n: number, held: number, site: string, seq: number) => `took ${file}: ${n} new, ${held} already held; ${site} now ends at seq ${seq}`,
    unreceipted: (file: string, detail: string) => `taken, but no receipt could be written for ${file} (${detail}); it is taken again (skipped) next time`,
    refused: (file: string, why: string) => `REFUSED ${file} (moved to refused/): ${why}`,
    refusedStuck: (file: string, why: string, code: string) => `REFUSED ${file}: ${why} It could not be moved to refused/ (${code}) and stays where it is, refused again at the next run: check the permissions of refused/ in the shared folder`,
    skipped: (file: string, why: string) => `SKIPPED ${file}: ${why}`,
    failed: (file: string, detail: string) => `NOT TAKEN ${file}: the desk's store failed (${detail}); it stays for the next run`,
    none: (folder: string) => `no batches in ${folder}`,
    skip: {
      link: 'is a symbolic link, not a batch file; not opened. Remove it',
      fifo: 'is a FIFO (named pipe), not a batch file; not opened. Remove it',
      folder: 'is a folder, not a batch file; not opened. Move it away',
      socket: 'is a socket, not a batch file; not opened. Remove it',
      device: 'is a device, not a batch file; not opened. Remove it',
      'not-a-file': 'is not a regular file; not opened. Remove it',
      'too-big': (mib?: string) => `is ${mib ?? '?'} MiB, over a batch's limit; not read. Remove it`,
      'cannot-open': (code?: string) => `cannot be opened (${code ?? '?'}): check the folder's permissions`,
      replaced: 'was replaced while being opened; not read. It is looked at again next run',
    },
    serving: (url: string) => `desk: open ${url}/ (pages and batch API on one port; Ctrl+C stops)`,
  },
};

function skipText(lang: Lang, why: SkipWhy, detail: string | undefined): string {
  const w = WORDS[lang].skip[why];
  return typeof w === 'function' ? w(detail) : w;
}

/** `desk import`'s report for people: what was taken goes to stdout, every trouble to stderr. */
export function renderImportReport(report: FolderImportReport, lang: Lang): { out: string[]; err: string[] } {
  const w = WORDS[lang];
  const name = (file: string) => basename(file);
  const out = report.taken.map((t) => w.taken(name(t.file), t.taken, t.skipped, t.site, t.seq));
  const err = [
    ...report.unreceipted.map((u) => w.unreceipted(name(u.file), u.reason)),
    ...report.refused.map((r) => (r.notSetAside ? w.refusedStuck(name(r.file), batchRefusalText(lang, r.code, r.reason), r.notSetAside) : w.refused(name(r.file), batchRefusalText(lang, r.code, r.reason)))),
    ...report.skipped.map((k) => w.skipped(name(k.file), skipText(lang, k.why, k.detail))),
    ...report.failed.map((f) => w.failed(name(f.file), f.reason)),
  ];
  return { out, err };
}

export function noBatchesText(folder: string, lang: Lang): string {
  return WORDS[lang].none(folder);
}

export function servingText(url: string, lang: Lang): string {
  return WORDS[lang].serving(url);
}
