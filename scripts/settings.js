'use strict';
/**
 * Reads npm start's settings from the environment, refusing a bad value with a message that names the variable.
 *   portFrom('FAKE_GWS_PORT', 7777) → the port, or the default when unset or empty
 *   choiceFrom('GENESYS_BACKEND', ['simulator', 'workspace']) → the value, or the first choice when unset or empty
 */

function portFrom(variable, fallback) {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new Error(`${variable} must be a port number (1-65535), got "${raw}"`);
  return port;
}

function choiceFrom(variable, choices) {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return choices[0];
  if (!choices.includes(raw)) {
    const named = choices.map((choice, index) => `"${choice}"${index === 0 ? ' (the default)' : ''}`);
    throw new Error(`${variable} must be ${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}, got "${raw}"`);
  }
  return raw;
}

module.exports = { portFrom, choiceFrom };
