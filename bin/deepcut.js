#!/usr/bin/env node
// The `deepcut` command in a checkout: runs the TypeScript sources through tsx,
// so `npx deepcut …` works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli/index.ts');
