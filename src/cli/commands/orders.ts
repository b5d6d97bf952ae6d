import { writeFile } from 'node:fs/promises';
import { nameOnRoster } from '../../config/roster-names.js';
import type { Command } from 'commander';
import { renderOrders } from '../../../screens/text/orders.js';
import { findOrder, ordersListing } from '../../projections/orders-read.js';
import { orderForm } from '../../print/order-form.js';
import { PAPERS, type Paper } from '../../print/paper.js';
import { renderOrderReceipt, RECEIPT_WIDTH } from '../../print/order-receipt.js';
import { CliFailure } from '../fail.js';
import { dayFrom, langFrom, siteFrom } from '../options.js';
import { systemClock } from '../../time/clock.js';

interface OrdersOptions {
  config?: string;
  data?: string;
  date?: string;
  json?: boolean;
  lang?: string;
  pdf?: string;
  paper: string;
  text?: boolean;
  width: string;
}

export function ordersCommand(program: Command): void {
  program
    .command('orders')
    .description('paid-service orders (《有偿服务单》): list them, or print one as its four copies')
    .argument('[action]', '"print" to print one order (default: list)')
    .argument('[orderNo]', 'the order to print, e.g. JY01-20261130-001')
    .option('--config <file>', 'the site configuration (JSON)')
    .option('--data <dir>', "instead of --config: the register `control-room demo --data DIR` kept (the example estate)")
    .option('--date <day>', 'list the orders numbered on YYYY-MM-DD (default: every open order and today\'s)')
    .option('--json', 'list as an array of orders')
    .option('--lang <lang>', 'zh or en', 'zh')
    .option('--pdf <file>', 'print: write the four copies as a PDF')
    .option('--paper <size>', 'print: A4 or A5', 'A4')
    .option('--text', 'print: plain text for a receipt printer, to standard output')
    .option('--width <columns>', 'print: receipt width in columns (32 for 58 mm paper)', String(RECEIPT_WIDTH))
    .addHelpText('after', '\nExamples:\n  control-room orders --config c.json --json\n  control-room orders print JY01-20261130-001 --config c.json --pdf order.pdf --paper A5\n  control-room orders print JY01-20261130-001 --config c.json --text --width 32\n  control-room orders print JY01-20261130-001 --data /tmp/demo --pdf order.pdf')
    .action(async (action: string | undefined, orderNo: string | undefined, opts: OrdersOptions) => {
      const config = siteFrom(opts);
      if (action === undefined) {
        if (opts.pdf || opts.text) throw new CliFailure('--pdf and --text print one order: control-room orders print ORDERNO --config FILE --pdf FILE', 2);
        const lang = langFrom(opts);
        const day = opts.date === undefined ? undefined : dayFrom(opts, config);
        const orders = await ordersListing(config, day, systemClock.now());
        process.stdout.write(opts.json ? `${JSON.stringify(orders, null, 2)}\n` : `${renderOrders(config.site.name, day, orders, lang)}\n`);
        return;
      }
      if (action !== 'print') throw new CliFailure(`"${action}" is not an orders action; use \`orders\` to list or \`orders print ORDERNO\` to print`, 2);
      if (!orderNo) throw new CliFailure('orders print needs the order number, e.g. control-room orders print JY01-20261130-001 --config FILE --pdf order.pdf', 2);
      if (!opts.pdf === !opts.text) throw new CliFailure('orders print needs one of --pdf FILE (A4/A5 PDF) and --text (receipt printer)', 2);
      const paper = opts.paper.toUpperCase() as Paper;
      if (!PAPERS.includes(paper)) throw new CliFailure(`--paper "${opts.paper}" is not A4 or A5`, 2);
      const width = Number(opts.width);
      if (!/^\d+$/.test(opts.width) || width < 24 || width > 200) throw new CliFailure(`--width "${opts.width}" is not a number of columns from 24 to 200`, 2);
      const order = await findOrder(config, orderNo, systemClock.now());
      if (!order) throw new CliFailure(`there is no order ${orderNo} in ${config.dataDir}; list them with control-room orders ${opts.data ? '--data DIR' : '--config FILE'}`, 2);
      const form = orderForm(config.site.name, order, (badge) => nameOnRoster(config.roster, badge));
      if (opts.text) {
        process.stdout.write(renderOrderReceipt(form, width));
        return;
      }
      // Loaded only to print: the PDF library and its fonts have no business in every other command (the daemon among them).
      const { renderOrderPdf } = await import('../../print/order-pdf.js');
      const pdf = await renderOrderPdf(form, paper);
      try {
        await writeFile(opts.pdf!, pdf);
      } catch (err) {
        throw new CliFailure(`cannot write ${opts.pdf}: ${(err as Error).message}; choose a folder you can write to`, 1);
      }
      process.stderr.write(`order ${orderNo}: four copies (第一联-第四联), ${paper}, written to ${opts.pdf}\n`);
    });
}
