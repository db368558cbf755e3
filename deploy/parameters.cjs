// serverless.yml's parameters, checked when packaging (`${file(./deploy/parameters.cjs):checked}`)
// by lib/lambda/parameters.ts, through tsx as deploy/iam.cjs does: a value the functions would
// refuse at their first run (refreshDays=120, regions=eu-west-9) stops the packaging with the same
// rule, in one line naming the parameter.
'use strict';

const path = require('node:path');
const { require: tsRequire } = require('tsx/cjs/api');

const load = () =>
  tsRequire(path.join(__dirname, '..', 'lib', 'lambda', 'parameters.ts'), __filename);

module.exports = async ({ resolveVariable }) => {
  const { PARAMETER_NAMES, checkParameters } = load();
  const parameters = {};
  for (const name of PARAMETER_NAMES) {
    parameters[name] = String((await resolveVariable(`param:${name}`)) ?? '');
  }
  const region = String(await resolveVariable('opt:region, self:provider.region'));
  try {
    await checkParameters(parameters, region, path.join(__dirname, '..'));
  } catch (error) {
    // One line: Serverless prints an error's stack, so the stack is the message alone.
    const failure = new Error(`serverless.yml parameters: ${error.message}`);
    failure.stack = failure.message;
    throw failure;
  }
  return { checked: true };
};
