import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { openSerialPort } from '../../../devices/serial/open-port.js';
import { parseLine, parseScript, SCRIPT_HELP, ScriptError, type ScriptCommand } from '../../../devices/intercom/script.js';
import { PanelSimulator } from '../../../devices/intercom/simulator.js';
import { CliFailure } from '../fail.js';

/** How long the end of a run waits for the last ACKs: well past the panel's 12 s of resends. */
const FINAL_SETTLE_MS = 30_000;

interface PanelOptions {
  port: string;
  script?: string;
  baud: string;
  heartbeat: string;
  verbose?: boolean;
}

function positive(name: string, value: string, whole: boolean): number {
  const n = Number(value);
  if (!(n > 0) || (whole && !Number.isInteger(n))) throw new CliFailure(`${name} "${value}" is not a positive ${whole ? 'whole ' : ''}number`, 2);
  return n;
}

async function readScript(file: string): Promise<ScriptCommand[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot read --script ${file}: ${(err as Error).message}; check the path`, 2);
  }
  try {
    return parseScript(text.split(/\r?\n/));
  } catch (err) {
    if (err instanceof ScriptError) throw new CliFailure(`${file}: ${err.message}; fix the line (--help lists the commands)`, 2);
    throw err;
  }
}

/** Commands typed on stdin: a bad line is reported and skipped, the session goes on. */
async function interactive(sim: PanelSimulator): Promise<void> {
  process.stderr.write(`panel simulator ready; type commands, end with Ctrl+D.\n${SCRIPT_HELP}\n`);
  const lines = createInterface({ input: process.stdin });
  process.once('SIGINT', () => lines.close());
  let n = 0;
  for await (const text of lines) {
    try {
      const command = parseLine(text, ++n);
      if (command) await sim.execute(command);
    } catch (err) {
      if (!(err instanceof ScriptError)) throw err;
      process.stderr.write(`${err.message}\n`);
    }
  }
}

async function simulatePanel(opts: PanelOptions): Promise<void> {
  const baudRate = positive('--baud', opts.baud, true);
  const heartbeatMs = positive('--heartbeat', opts.heartbeat, false) * 1000;
  // A bad script is refused before the port is touched.
  const script = opts.script === undefined ? undefined : await readScript(opts.script);
  const sim = new PanelSimulator({ path: opts.port, baudRate, heartbeatMs, log: (line) => process.stderr.write(`${line}\n`) });
  if (opts.verbose) sim.on('frame', (line) => process.stderr.write(`${line}\n`));
  try {
    await sim.start();
  } catch (err) {
    throw new CliFailure(
      `cannot open panel port ${opts.port}: ${(err as Error).message.replace(/^Error: /, '')}; check --port (a serial device such as /dev/ttyUSB0, ` +
        `or one end of a socat pty pair) and that no other program has it open`,
      1,
    );
  }
  try {
    if (script) for (const command of script) await sim.execute(command);
    else await interactive(sim);
    await sim.settle(FINAL_SETTLE_MS);
  } finally {
    await sim.stop();
  }
  const summary = sim.summary();
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const missing = summary.givenUp.length + summary.outstanding.length;
  if (missing > 0) {
    throw new CliFailure(`${missing} messages never acknowledged by the host on ${opts.port} (listed in the summary); check that the host reads this port and answers ACK`, 1);
  }
}

async function simulateScanner(code: string, opts: { port: string; baud: string }): Promise<void> {
  const port = await openSerialPort({ path: opts.port, baudRate: Number(opts.baud) }).catch((err: Error) => {
    throw new CliFailure(`cannot open ${opts.port} (${err.message}); check the path`, 1);
  });
  await new Promise<void>((done, fail) => port.write(`${code}\r\n`, (err) => (err ? fail(err) : port.drain(() => done()))));
  await new Promise<void>((done) => port.close(() => done()));
  process.stdout.write(`scanned ${code} on ${opts.port}\n`);
}

export function simulateCommand(program: Command): void {
  const simulate = program.command('simulate').description("play a device's side of its serial protocol, for trials without the hardware");
  simulate
    .command('panel')
    .description('the intercom panel: sends BOOT, heartbeats and scripted calls and alarms; answers ACK, ANSWER, UNLOCK and PING')
    .requiredOption('--port <path>', 'the serial port to play the panel on (e.g. /dev/ttyUSB1 or a socat pty link)')
    .option('--script <file>', 'commands to play, one per line; without it they are read from stdin')
    .option('--baud <n>', 'baud rate', '9600')
    .option('--heartbeat <seconds>', 'seconds between heartbeats', '10')
    .option('--verbose', 'print every frame sent (->) and received (<-) on stderr')
    .addHelpText('after', `\nScript ${SCRIPT_HELP}\n\nWith --script: prints a JSON summary; exit 0 when the host acknowledged everything, 1 otherwise, 2 for a bad script.`)
    .action(simulatePanel);
  simulate
    .command('scanner')
    .description('play a serial badge scanner: write CODE and CR LF to the port, as one scan')
    .requiredOption('--port <path>', 'the serial port to write to (e.g. one end of a socat pty pair)')
    .option('--baud <n>', 'baud rate', '9600')
    .argument('<code>', 'the badge code to "scan", e.g. EMP-000101')
    .action(simulateScanner);
}
