/**
 * `node --import tsx --import <this file>`: registers typescript-load-hooks.ts after tsx, so
 * those hooks run first for every module loaded from here on (see that file for why).
 */
import { register } from 'node:module'

register(new URL(`./typescript-load-hooks${import.meta.url.slice(-3)}`, import.meta.url))
