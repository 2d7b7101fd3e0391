import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';

const help = `Bandeja — shared WhatsApp inbox

Usage: bandeja <command> [options]

Commands:
  start [--skip-web-build] [--demo]   Run the server (default); builds the web app first if needed.
                                      --demo also runs a WhatsApp simulator with a connected number
  simulator [--port 4000] [--webhook-url URL]
                                      Run the local WhatsApp Cloud API simulator alone
  migrate                             Apply database migrations and exit
  create-workspace --name N --owner-email E --owner-password P [--owner-name X] [--language es|en]
                                      Create a workspace and its owner
  create-api-token --workspace N --name T [--role admin|supervisor|agent]
                                      Create an API token and print it (shown once)
  reset-password --email E            Print a one-time password reset link
  metrics rebuild                     Recompute every metric from the event log
  webhooks dead-letters               List WhatsApp payloads parked after every attempt failed
  webhooks replay --id N | --all      Process parked payloads again (attempts start over)

Configuration comes from environment variables: see README.md.`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  const [command = 'start', ...afterCommand] = process.argv.slice(2);
  // Two-word commands: `metrics rebuild`, `webhooks replay`.
  const subcommand = command === 'metrics' || command === 'webhooks' ? afterCommand[0] : undefined;
  const rest = subcommand ? afterCommand.slice(1) : afterCommand;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(help);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-password': { type: 'string' },
      'owner-name': { type: 'string' },
      language: { type: 'string' },
      workspace: { type: 'string' },
      role: { type: 'string' },
      email: { type: 'string' },
      id: { type: 'string', multiple: true },
      all: { type: 'boolean' },
      'skip-web-build': { type: 'boolean' },
      demo: { type: 'boolean' },
      port: { type: 'string' },
      'webhook-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(help);
    return;
  }
  const commands = await import('./cli-commands.js');
  if (command === 'simulator') return commands.simulatorCommand(values);
  const config = loadConfig();
  switch (command) {
    case 'start':
      return commands.start(config, values);
    case 'migrate':
      return commands.migrate(config);
    case 'simulator':
      return commands.simulatorCommand(values);
    case 'create-workspace':
      return commands.createWorkspaceCommand(config, values);
    case 'create-api-token':
      return commands.createApiTokenCommand(config, values);
    case 'reset-password':
      return commands.resetPasswordCommand(config, values);
    case 'metrics':
      if (subcommand !== 'rebuild') fail(`Unknown metrics command "${subcommand ?? ''}": use "bandeja metrics rebuild".`);
      return commands.rebuildMetricsCommand(config);
    case 'webhooks':
      if (subcommand === 'dead-letters') return commands.deadLettersCommand(config);
      if (subcommand === 'replay') return commands.replayCommand(config, values);
      return fail(`Unknown webhooks command "${subcommand ?? ''}": use "bandeja webhooks dead-letters" or "bandeja webhooks replay".`);
    default:
      fail(`Unknown command "${command}".\n\n${help}`);
  }
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) fail(error.message);
  if (error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || error?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    fail(`${error.message}\n\n${help}`);
  }
  if (error?.code === 'EADDRINUSE') fail(`Port already in use: ${error.message}. Set PORT to another port.`);
  console.error(error);
  process.exit(1);
});
