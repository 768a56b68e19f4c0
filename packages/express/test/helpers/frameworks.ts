/** Every behavioural test runs against both Express majors installed (5, and 4 via the `express4` alias). */
import type express from 'express';

export type ExpressFactory = typeof express;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const express5 = require('express') as ExpressFactory;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express4 = require('express4') as ExpressFactory;

export const FRAMEWORKS: Array<[string, ExpressFactory]> = [
  ['express 5', express5],
  ['express 4', express4],
];
