// Stands in for modules the Lambda bundles never execute (see infra/lambda-bundle.ts).
module.exports = {};
