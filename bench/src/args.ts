/**
 * The one command-line reader of the bench scripts: each declares its flags
 * (with their defaults and a line of help) and gets their values, typed; an
 * unknown flag, a missing or malformed value or a stray word stops the script
 * with the usage instead of being ignored (a misspelt `--rusn 10` would
 * otherwise measure the default number of runs without a word).
 */
import { closestName, CodedError } from '@ws-isolation/internal';

/** A whole number of at least 1 (runs, files, connections, …). */
interface CountFlag {
  readonly type: 'count';
  readonly default: number;
  readonly help: string;
}

/** A word; `choices` lists the accepted ones, when there are few. */
interface TextFlag {
  readonly type: 'text';
  readonly default?: string;
  readonly choices?: readonly string[];
  readonly help: string;
}

/** Present or not; takes no value. */
interface SwitchFlag {
  readonly type: 'switch';
  readonly help: string;
}

type Flag = CountFlag | TextFlag | SwitchFlag;

/** A script's flags by name, without the leading `--`. */
export type Flags = Readonly<Record<string, Flag>>;

type ValueOf<F extends Flag> = F extends CountFlag
  ? number
  : F extends SwitchFlag
    ? boolean
    : F extends { readonly default: string }
      ? string
      : string | undefined;

/** Each flag's value: the one given, else its default (`false` for a switch that is absent). */
export type Values<S extends Flags> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** A command line the script cannot read (code `ERR_WSI_BENCH_ARGUMENT`, in the bench README); the message says which word and why. */
export class ArgumentError extends CodedError<'ERR_WSI_BENCH_ARGUMENT'> {
  constructor(message: string) {
    super('ERR_WSI_BENCH_ARGUMENT', message);
    this.name = 'ArgumentError';
  }
}

/** pnpm passes its own `--` on to the script: the command as typed had it once, and it means nothing here. */
function withoutSeparators(argv: readonly string[]): string[] {
  return argv.filter((arg) => arg !== '--');
}

function readValue(name: string, flag: CountFlag | TextFlag, value: string | undefined): number | string {
  if (value === undefined || value.startsWith('--')) throw new ArgumentError(`--${name} takes a value`);
  if (flag.type === 'count') {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 1)
      throw new ArgumentError(`--${name} must be a whole number >= 1; received ${JSON.stringify(value)}`);
    return count;
  }
  if (flag.choices !== undefined && !flag.choices.includes(value))
    throw new ArgumentError(`--${name} must be one of ${flag.choices.join(', ')}; received ${JSON.stringify(value)}`);
  return value;
}

/** Reads `argv` (the words after the script's name) against `flags`; throws `ArgumentError` on anything else. */
export function parseArgs<S extends Flags>(flags: S, argv: readonly string[]): Values<S> {
  const values: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(flags)) values[name] = flag.type === 'switch' ? false : flag.default;
  const words = withoutSeparators(argv);
  for (let at = 0; at < words.length; at += 1) {
    const word = words[at]!;
    const name = word.startsWith('--') ? word.slice(2) : undefined;
    if (name === undefined) throw new ArgumentError(`unexpected ${JSON.stringify(word)}: every argument is a --flag`);
    const flag = flags[name];
    if (flag === undefined) {
      const near = closestName(name, Object.keys(flags));
      throw new ArgumentError(`unknown flag ${word}${near === undefined ? '' : `; did you mean --${near}?`}`);
    }
    if (flag.type === 'switch') values[name] = true;
    else {
      values[name] = readValue(name, flag, words[at + 1]);
      at += 1;
    }
  }
  return values as Values<S>;
}

/** The usage line and a line of help per flag. */
export function usage(command: string, flags: Flags): string {
  const shown = (name: string, flag: Flag): string => {
    if (flag.type === 'switch') return `--${name}`;
    return `--${name} ${flag.default ?? (flag.type === 'count' ? 'N' : 'TEXT')}`;
  };
  const entries = Object.entries(flags);
  const width = Math.max(0, ...entries.map(([name, flag]) => shown(name, flag).length));
  return [
    `usage: ${command} ${entries.map(([name, flag]) => `[${shown(name, flag)}]`).join(' ')}`.trimEnd(),
    ...entries.map(([name, flag]) => `  ${shown(name, flag).padEnd(width)}  ${flag.help}`),
  ].join('\n');
}

/**
 * A script's command line: `--help` prints the usage and exits; a bad one
 * prints the error and the usage and exits with code 2, before any work starts.
 */
export function readArgs<S extends Flags>(command: string, flags: S, argv = process.argv.slice(2)): Values<S> {
  if (withoutSeparators(argv).includes('--help')) {
    process.stdout.write(`${usage(command, flags)}\n`);
    process.exit(0);
  }
  try {
    return parseArgs(flags, argv);
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    process.stderr.write(`${command}: ${error.message} (${error.code})\n${usage(command, flags)}\n`);
    process.exit(2);
  }
}

/** The flags as typed (without pnpm's `--`), for the command a report quotes. */
export function typedFlags(argv = process.argv.slice(2)): string[] {
  return withoutSeparators(argv);
}
