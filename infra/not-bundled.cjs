'use strict';
// Stands in, in the Lambda bundles, for a module of undici's index that no function runs
// (infra/undici-on-lambda.ts). undici's index reads these modules' exports as it loads and constructs
// one of them (its CacheStorage), so reading and constructing succeed; calling an export, or using
// anything constructed, throws with the module's name, so code that starts to rely on one fails at its
// first use with a message saying why, instead of meeting an empty object. Symbol-keyed reads answer
// undefined so that logging or inspecting undici's exports does not throw.

const HINT = 'left out of the Lambda bundles by infra/undici-on-lambda.ts';

function fail(what) {
  throw new Error(`not bundled for Lambda: ${what} (${HINT})`);
}

function unusableInstance(label) {
  return new Proxy(
    {},
    { get: (_target, key) => (typeof key === 'symbol' ? undefined : fail(`new ${label}().${String(key)}`)) },
  );
}

/** `label` names the module and the path of exports read from it, e.g. undici/lib/web/fetch.fetch. */
function unusable(label) {
  // A function target (not an arrow) so that the proxy may be both called and constructed.
  return new Proxy(function notBundled() {}, {
    get: (_target, key) => (typeof key === 'symbol' ? undefined : unusable(`${label}.${String(key)}`)),
    apply: () => fail(`${label}()`),
    construct: () => unusableInstance(label),
  });
}

module.exports = unusable;
