/**
 * Names the release build's own entry points after their content: js/bundle.js → js/bundle-<hash>.js,
 * css/app.css → css/app-<hash>.css and css/redwood-subset.css (scripts/redwood-subset.js, run before) →
 * css/redwood-subset-<hash>.css, with index.html pointing at the new names. A file whose name changes with its
 * content can be cached for a year (deploy/nginx/toolbar.conf.template), while index.html, revalidated on every load,
 * names the current ones. config/toolbar.json is left as it is: it is the site's to change, outside the bundle.
 * Usage: require('./hash-release-assets').hashReleaseAssets(webDir), run by the after_build hook for release builds.
 */
'use strict';

const { createHash } = require('crypto');
const fs = require('fs');
const path = require('path');

/** The files renamed, as they are referred to from index.html. */
const ENTRY_POINTS = ['js/bundle.js', 'css/app.css', 'css/redwood-subset.css'];

/** `dir/name.ext` → `dir/name-<first 16 hex digits of the content's SHA-256>.ext`: the name a release file is served under. */
function contentName(file, content) {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
  return file.replace(/\.(js|css)$/, `-${hash}.$1`);
}

function hashReleaseAssets(webDir) {
  const indexPath = path.join(webDir, 'index.html');
  let index = fs.readFileSync(indexPath, 'utf8');
  const renamed = {};
  for (const entry of ENTRY_POINTS) {
    const from = path.join(webDir, entry);
    const hashed = contentName(entry, fs.readFileSync(from));
    const reference = new RegExp(`(["'])${entry.replace(/[.]/g, '\\.')}\\1`, 'g');
    if (!reference.test(index)) throw new Error(`hash-release-assets: index.html does not refer to ${entry}`);
    index = index.replace(reference, `$1${hashed}$1`);
    fs.renameSync(from, path.join(webDir, hashed));
    renamed[entry] = hashed;
  }
  fs.writeFileSync(indexPath, index);
  return renamed;
}

module.exports = { hashReleaseAssets, contentName, ENTRY_POINTS };
