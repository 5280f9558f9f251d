#!/usr/bin/env node
// Drives an official MCP SDK client (v1 `@modelcontextprotocol/sdk` or v2 `@modelcontextprotocol/client`)
// over Streamable HTTP through a list of steps and reports every outcome as one JSON object per line.
//
//   node mcp-client.mjs --sdk v1|v2 [--era auto|legacy|modern] --url URL [--token TOKEN]
//                       [--timeout-ms 60000] --steps '[{"op":"list"},{"op":"call","name":"echo","arguments":{}}]'
//   (--steps @FILE reads the JSON array from FILE.)
//
// Events on stdout: connected, result, error, progress, connect-error (exit 2). Usage errors exit 64.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const MODERN_VERSION = '2026-07-28';
const LEGACY_VERSION = '2025-11-25';

/** Writes one event as a single JSON line. */
function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

/** Ends the process once everything written to stdout has been flushed. */
function finish(code) {
  process.stdout.write('', () => process.exit(code));
}

function usage(message) {
  process.stderr.write(`mcp-client: ${message}\n`);
  finish(64);
}

/** Pulls the first JSON object out of a text such as an HTTP error message that quotes the response body. */
function embeddedJson(text) {
  if (typeof text !== 'string') return undefined;
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}

/** Turns nested Error objects (which JSON.stringify renders as {}) into {name, message, code}. */
function plain(value) {
  return JSON.parse(JSON.stringify(value, (key, v) => (v instanceof Error ? { name: v.name, message: v.message, code: v.code, cause: v.cause } : v)) ?? 'null');
}

/**
 * Describes an error machine-readably: `code` is the numeric JSON-RPC code (McpError, ProtocolError, or the
 * one in the JSON-RPC error body of a failed HTTP response) or else the HTTP status; `status` is the HTTP
 * status when known; `sdkCode` is the v2 SDK's symbolic code; `body` is the parsed HTTP response body;
 * `data` and `cause` are passed through.
 */
function describe(error) {
  const out = { message: String(error?.message ?? error) };
  if (error?.name) out.name = error.name;
  const rawCode = error?.code;
  let status;
  if (error?.constructor?.name === 'StreamableHTTPError' && typeof rawCode === 'number' && rawCode >= 100) {
    status = rawCode; // v1 transport: code is the HTTP status
  } else if (typeof error?.data?.status === 'number') {
    status = error.data.status; // v2 SdkHttpError
  } else if (typeof error?.status === 'number') {
    status = error.status;
  }
  if (typeof rawCode === 'string') out.sdkCode = rawCode;
  const body = embeddedJson(out.message) ?? embeddedJson(error?.data?.text);
  if (body !== undefined) out.body = body;
  if (typeof rawCode === 'number' && rawCode !== status) {
    out.code = rawCode;
  } else if (typeof body?.error?.code === 'number') {
    out.code = body.error.code;
  } else if (status !== undefined) {
    out.code = status;
  }
  if (status !== undefined) out.status = status;
  if (error?.data !== undefined) out.data = plain(error.data);
  if (error?.cause !== undefined) out.cause = plain(error.cause);
  if (error?.name === 'UnauthorizedError' && out.status === undefined) out.status = 401;
  return out;
}

/** Builds a connected client for the chosen SDK; returns the client and a call adapter hiding the API differences. */
async function connect(sdk, era, url, token, timeout) {
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  const info = { name: `portcullis-e2e-${sdk}`, version: '1.0.0' };
  if (sdk === 'v1') {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const client = new Client(info, { capabilities: {} });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit }), { timeout });
    return {
      client,
      era: 'legacy',
      protocolVersion: client.transport?.protocolVersion ?? LEGACY_VERSION,
      list: (options) => client.listTools(undefined, options),
      call: (params, options) => client.callTool(params, undefined, options),
    };
  }
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const mode = era === 'modern' ? { pin: MODERN_VERSION } : era === 'legacy' ? 'legacy' : 'auto';
  const client = new Client(info, { capabilities: {}, versionNegotiation: { mode } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit }), { timeout });
  return {
    client,
    era: client.getProtocolEra() ?? null,
    protocolVersion: client.getNegotiatedProtocolVersion() ?? null,
    list: (options) => client.listTools(undefined, { ...options, cacheMode: 'refresh' }),
    call: (params, options) => client.callTool(params, options),
  };
}

/** Runs one step, reporting its result, error and progress notifications. */
async function runStep(session, step, index, timeout) {
  const op = step?.op;
  try {
    let result;
    if (op === 'list') {
      result = await session.list({ timeout });
    } else if (op === 'call') {
      const options = { timeout };
      if (step.progress) {
        options.onprogress = (p) => emit({ event: 'progress', step: index, progress: p.progress, total: p.total, message: p.message });
        options.resetTimeoutOnProgress = true;
      }
      result = await session.call({ name: step.name, arguments: step.arguments ?? {} }, options);
    } else {
      throw new Error(`unknown op: ${JSON.stringify(op)}`);
    }
    emit({ event: 'result', step: index, op, result });
  } catch (error) {
    emit({ event: 'error', step: index, op, ...describe(error) });
  }
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        sdk: { type: 'string' },
        era: { type: 'string', default: 'auto' },
        url: { type: 'string' },
        token: { type: 'string' },
        steps: { type: 'string', default: '[]' },
        'timeout-ms': { type: 'string', default: '60000' },
      },
    }));
  } catch (error) {
    return usage(error.message);
  }
  if (values.sdk !== 'v1' && values.sdk !== 'v2') return usage('--sdk must be v1 or v2');
  if (!['auto', 'legacy', 'modern'].includes(values.era)) return usage('--era must be auto, legacy or modern');
  if (values.sdk === 'v1' && values.era === 'modern') return usage('the v1 SDK speaks only the legacy era');
  if (!values.url) return usage('--url is required');
  const timeout = Number(values['timeout-ms']);
  if (!Number.isFinite(timeout) || timeout <= 0) return usage('--timeout-ms must be a positive number');
  let steps;
  try {
    // "@FILE" reads the steps from a file: arguments of a megabyte exceed the kernel's limit.
    steps = JSON.parse(values.steps.startsWith('@') ? readFileSync(values.steps.slice(1), 'utf8') : values.steps);
  } catch (error) {
    return usage(`--steps is not JSON: ${error.message}`);
  }
  if (!Array.isArray(steps)) return usage('--steps must be a JSON array');

  let session;
  try {
    session = await connect(values.sdk, values.era, values.url, values.token, timeout);
  } catch (error) {
    emit({ event: 'connect-error', ...describe(error) });
    return finish(2);
  }
  emit({ event: 'connected', era: session.era, protocolVersion: session.protocolVersion });
  for (let i = 0; i < steps.length; i++) {
    await runStep(session, steps[i], i, timeout);
  }
  try {
    await session.client.close();
  } catch {
    // closing is best effort: every step has already been reported
  }
  finish(0);
}

main().catch((error) => {
  process.stderr.write(`mcp-client: ${error?.stack ?? error}\n`);
  finish(1);
});
