import { spawn } from 'node:child_process';
import { nameOnRoster } from '../config/roster-names.js';
import { constants } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { SiteConfig } from '../config/types.js';
import type { OrderView } from '../projections/orders.js';
import { layout } from '../register/layout.js';
import { orderForm } from './order-form.js';

/** Where a print went: to the configured printer command, or into a PDF file (no command configured). */
export type PrintOutcome = { to: 'printer' } | { to: 'file'; path: string };

/** Why a print failed, for the console to say in its language; the detail (a printer's own words) goes to the log. */
export type PrintFailure = 'exit' | 'timeout' | 'start' | 'file';

export class PrintFailed extends Error {
  constructor(
    readonly failure: PrintFailure,
    /** The exit code, or what the system said. */
    readonly detail: string,
    message: string,
  ) {
    super(message);
    this.name = 'PrintFailed';
  }
}

/** Takes a finished PDF somewhere it will be printed. */
export interface Printer {
  print(pdf: Buffer, job: string): Promise<PrintOutcome>;
}

/**
 * The configured `print.command`, run by the shell with the PDF on its standard input (`lp -d
 * counter`, `lpr -P desk`); done when it exits 0. Its last words on standard error explain a
 * failure.
 */
export class CommandPrinter implements Printer {
  constructor(
    private readonly command: string,
    private readonly timeoutMs = 30_000,
  ) {}

  print(pdf: Buffer, job: string): Promise<PrintOutcome> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', this.command], { stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, CONTROL_ROOM_PRINT_JOB: job } });
      let said = '';
      child.stderr.on('data', (b: Buffer) => (said = (said + b.toString('utf8')).slice(-2_000)));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new PrintFailed('timeout', `${this.timeoutMs / 1000} s`, `print command "${this.command}" did not finish within ${this.timeoutMs / 1000} s; it was stopped`));
      }, this.timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new PrintFailed('start', err.message, `print command "${this.command}" could not be started: ${err.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) return resolve({ to: 'printer' });
        const status = code === null ? `signal ${signal}` : `exit ${code}`;
        reject(new PrintFailed('exit', status, `print command "${this.command}" failed (${status})${said.trim() ? `: ${said.trim().split('\n').at(-1)}` : ''}`));
      });
      // A command that exits without reading all of it closes its input early: that is its exit's business.
      child.stdin.on('error', () => undefined);
      child.stdin.end(pdf);
    });
  }
}

/** No printer configured: the PDF goes into a folder beside the register, one file per order (the latest print). */
export class FolderPrinter implements Printer {
  constructor(private readonly dir: string) {}

  async print(pdf: Buffer, job: string): Promise<PrintOutcome> {
    const path = join(this.dir, `${job.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf`);
    try {
      await mkdir(this.dir, { recursive: true });
      // Never written through a link planted at the folder or the file.
      if ((await lstat(this.dir)).isSymbolicLink()) throw new Error(`${this.dir} is a symbolic link`);
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o640);
      try {
        await handle.writeFile(pdf);
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw new PrintFailed('file', (err as Error).message, `cannot write the order's PDF to ${path}: ${(err as Error).message}`);
    }
    return { to: 'file', path };
  }
}

/** The printer the configuration names, or the folder beside the register. */
export function printerFor(config: SiteConfig): Printer {
  return config.print.command ? new CommandPrinter(config.print.command) : new FolderPrinter(layout.printed(config.dataDir));
}

/** W8: the order's four copies as one PDF, to the printer. The PDF library is loaded only to print. */
export async function printOrder(config: SiteConfig, order: OrderView, printer: Printer = printerFor(config)): Promise<PrintOutcome> {
  const { renderOrderPdf } = await import('./order-pdf.js');
  const pdf = await renderOrderPdf(orderForm(config.site.name, order, (badge) => nameOnRoster(config.roster, badge)), config.print.paper);
  return printer.print(pdf, order.orderNo);
}
