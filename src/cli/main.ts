#!/usr/bin/env node
/**
 * The `marsad` command line. Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error.
 * User errors never print a stack trace.
 */
import { analyzeCommand, ANALYZE_USAGE } from './analyze.js';
import { tagCommand, TAG_USAGE } from './tag.js';
import { UsageError } from './usage-error.js';
import { InputError } from '../ingest/read-input.js';
import { LexiconError } from '../lexicon/kb.js';

const USAGE = `marsad — Arabic news in, sourced PLOVER event records out

commands:
  analyze   analyze one article (or a JSONL corpus with --jsonl) and print AnnotatedDoc JSON
            (or, with --format plover, one PLOVER event record per line)
  tag       tag CoNLL token lines with the named-entity tagger (BIO over PERS, ORG, LOC, MISC)

${ANALYZE_USAGE}

${TAG_USAGE}`;

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyze':
        return await analyzeCommand(rest);
      case 'tag':
        return await tagCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v': {
        const { CODER } = await import('../pipeline.js');
        process.stdout.write(CODER + '\n');
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`marsad: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof LexiconError) {
      process.stderr.write(`marsad: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`marsad: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`marsad: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
