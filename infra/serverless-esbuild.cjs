'use strict';
// serverless-esbuild require()s this file (custom.esbuild.config in serverless.yml) and calls its
// export with the Serverless instance. The esbuild settings are infra/lambda-bundle.ts's, loaded
// through Node 22's require() of a type-stripped ES module, so the deployed bundles are built exactly
// as the bundle test and the benchmark build them; only the plugin's own settings are added here.
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const { LAMBDA_BUILD_OPTIONS } = require('./lambda-bundle.ts');

module.exports = (serverless) => {
  // One work folder per process: `serverless package` deletes its folder when it is done, which would
  // pull the bundles from under a `serverless offline` running at the same time if they shared one.
  const workFolder = join('.esbuild', String(process.pid));
  process.once('exit', () => rmSync(join(serverless.serviceDir, workFolder), { recursive: true, force: true }));
  return {
    // Its `plugins` (infra/undici-on-lambda.ts) too: an array there is handed to esbuild as it is.
    ...LAMBDA_BUILD_OPTIONS,
    // Bundle the AWS SDK too (the plugin leaves it out by default): the clients are then the versions
    // the tests ran, not whatever the runtime ships, and only the commands we use are loaded.
    exclude: [],
    // CommonJS says so in its name: `serverless offline` runs the bundles inside this repository, whose
    // package.json makes a .js file an ES module. Lambda's runtime finds a .cjs handler file as well.
    outputFileExtension: '.cjs',
    outputWorkFolder: workFolder,
    // `serverless offline` rebuilds on change; only the code that goes into a bundle is watched.
    watch: { pattern: ['functions/**/*.ts', 'src/**/*.ts', 'infra/*.ts'], ignore: ['.esbuild', 'node_modules'] },
  };
};
