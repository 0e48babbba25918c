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

/**
 * The full usage text. The store, queue and server commands' modules load their dependencies (database drivers,
 * BullMQ, fastify), so their usage texts are imported only when help is printed, not on every command.
 */
async function usage(): Promise<string> {
  const [{ INGEST_USAGE }, { EVENTS_USAGE }, { STATS_USAGE }, { REANALYZE_USAGE }, { WORKER_USAGE }, { SERVE_USAGE }] = await Promise.all([
    import('./ingest.js'), import('./events.js'), import('./stats.js'), import('./reanalyze.js'), import('./worker.js'), import('./serve.js'),
  ]);
  return `marsad — Arabic news in, sourced PLOVER event records out

commands:
  analyze   analyze one article (or a JSONL corpus with --jsonl) and print AnnotatedDoc JSON
            (or, with --format plover, one PLOVER event record per line)
  tag       tag CoNLL token lines with the named-entity tagger (BIO over PERS, ORG, LOC, MISC)
  ingest    analyze files, folders, JSONL(.gz), feeds into the store (SQLite ./marsad.db or PostgreSQL)
  events    the stored events, filtered, as jsonl, plover, csv, tsv or geojson
  stats     what the store holds (documents, events, clusters, errors, by type and country)
  errors    the documents that could not be read or analyzed, with the reason
  reanalyze re-code every stored document from its raw input with this coder
  cluster   group reports of the same real-world event
  worker    process the ingest queue (BullMQ on Redis) into the store
  serve     the HTTP API (OpenAPI at /openapi.json, docs at /docs) over the store
  start     ingest the bundled sample into an empty ./marsad.db, summarize it, then serve (npm start)

${ANALYZE_USAGE}

${TAG_USAGE}

${INGEST_USAGE}

${EVENTS_USAGE}

${STATS_USAGE}

${REANALYZE_USAGE}

${WORKER_USAGE}

${SERVE_USAGE}`;
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyze':
        return await analyzeCommand(rest);
      case 'tag':
        return await tagCommand(rest);
      case 'ingest':
        return await (await import('./ingest.js')).ingestCommand(rest);
      case 'events':
        return await (await import('./events.js')).eventsCommand(rest);
      case 'stats':
        return await (await import('./stats.js')).statsCommand(rest);
      case 'errors':
        return await (await import('./stats.js')).errorsCommand(rest);
      case 'reanalyze':
        return await (await import('./reanalyze.js')).reanalyzeCommand(rest);
      case 'cluster':
        return await (await import('./reanalyze.js')).clusterCommand(rest);
      case 'serve':
        return await (await import('./serve.js')).serveCommand(rest);
      case 'start':
        return await (await import('./start.js')).startCommand(rest);
      case 'worker':
        return await (await import('./worker.js')).workerCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write((await usage()) + '\n');
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v': {
        const { CODER } = await import('../pipeline.js');
        process.stdout.write(CODER + '\n');
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n\n${await usage()}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`marsad: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof LexiconError || (error instanceof Error && error.name === 'QueueUnavailableError')) {
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
