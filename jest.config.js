'use strict';
// One jest project per package; tests run against TypeScript sources (ts-jest, transpile only),
// while `npm test` runs `tsc -b` first as the type check and to build what examples need.
const fs = require('node:fs');
const path = require('node:path');

const packagesDir = path.join(__dirname, 'packages');
const packageNames = fs.readdirSync(packagesDir).filter((name) =>
  fs.existsSync(path.join(packagesDir, name, 'package.json')),
);

const moduleNameMapper = Object.fromEntries(
  packageNames.map((name) => [`^@tracewire/${name}$`, `<rootDir>/../${name}/src/index.ts`]),
);

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, isolatedModules: true } }],
};

function project(dir, displayName) {
  return {
    displayName,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    moduleNameMapper: Object.fromEntries(
      Object.entries(moduleNameMapper).map(([k, v]) => [k, v.replace('<rootDir>/..', path.join(__dirname, 'packages'))]),
    ),
    transform,
  };
}

const examplesDir = path.join(__dirname, 'examples');
const exampleDirs = fs.existsSync(examplesDir)
  ? fs.readdirSync(examplesDir).filter((name) => fs.existsSync(path.join(examplesDir, name, 'test')))
  : [];

module.exports = {
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  projects: [
    ...packageNames.map((name) => project(path.join(packagesDir, name), name)),
    ...exampleDirs.map((name) => project(path.join(examplesDir, name), `example:${name}`)),
    // the load harness's --smoke run (bench/test): keeps the benchmarks working, measures nothing
    project(path.join(__dirname, 'bench'), 'bench'),
  ],
};
