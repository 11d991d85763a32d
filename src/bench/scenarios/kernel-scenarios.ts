import type { TimedScenario } from '../scenario.js'
import { BENCH_OBJECT, cycle, otherObjects, startMemoryKernel } from './scenario-fixtures.js'
import type { MemoryKernel } from './scenario-fixtures.js'

const OBJECT = BENCH_OBJECT.name

/** `kernel.findOne` by id: the whole pipeline against the memory driver it wraps. */
const kernelFindOne: TimedScenario = {
  name: 'kernel/findOne-vs-driver',
  group: 'kernel',
  kind: 'in-process',
  title: 'kernel.findOne vs driver.findOne (0 hooks)',
  description:
    'kernel.findOne by id (normalize, middleware, hooks, driver wrapper, events) over 1,000 ' +
    'records, against calling the same memory driver directly.',
  target: { max: 3, label: 'within 3x of the driver (foundation issue)' },
  async setup() {
    const { kernel, driver, ids } = await startMemoryKernel()
    const nextKernelId = cycle(ids)
    const nextDriverId = cycle(ids)
    return {
      task: () => kernel.findOne(OBJECT, nextKernelId()),
      reference: () => driver.findOne(OBJECT, nextDriverId()),
      teardown: () => kernel.stop(),
    }
  },
}

/** Where the hooks of a hooks scenario are registered. */
type HookPlacement = 'same' | 'other'

const OTHER_OBJECTS = 10

async function hookedKernel(count: number, placement: HookPlacement): Promise<MemoryKernel> {
  // Both kernels of a scenario declare the same objects; only the hooks differ.
  const fixture = await startMemoryKernel(1000, otherObjects(OTHER_OBJECTS))
  for (let i = 0; i < count; i++) {
    const object = placement === 'same' ? OBJECT : `bench_other_${i % OTHER_OBJECTS}`
    // The findOne events themselves, so the kernel must tell objects apart, not events.
    const event = i % 2 === 0 ? 'beforeFindOne' : 'afterFindOne'
    fixture.kernel.on(event, object, () => undefined)
  }
  return fixture
}

function hooksScenario(count: number, placement: HookPlacement): TimedScenario {
  const where = placement === 'same' ? 'the same object' : `${OTHER_OBJECTS} other objects`
  return {
    name: `hooks/${count}-${placement === 'same' ? 'same' : 'other'}-object${placement === 'same' ? '' : 's'}`,
    group: 'hooks',
    kind: 'in-process',
    title: `findOne with ${count} hooks on ${where} vs 0 hooks`,
    description:
      `kernel.findOne with ${count} no-op before/after findOne hooks registered on ${where}, ` +
      'against an identical kernel without hooks.',
    ...(placement === 'other' && count === 100
      ? { target: { max: 1.1, label: '100 hooks on other objects add under 10%' } }
      : {}),
    async setup() {
      const hooked = await hookedKernel(count, placement)
      const plain = await hookedKernel(0, placement)
      const nextHooked = cycle(hooked.ids)
      const nextPlain = cycle(plain.ids)
      return {
        task: () => hooked.kernel.findOne(OBJECT, nextHooked()),
        reference: () => plain.kernel.findOne(OBJECT, nextPlain()),
        teardown: async () => {
          await hooked.kernel.stop()
          await plain.kernel.stop()
        },
      }
    },
  }
}

function middlewareScenario(depth: number): TimedScenario {
  return {
    name: `middleware/depth-${depth}`,
    group: 'middleware',
    kind: 'in-process',
    title: `findOne through ${depth} middleware vs none`,
    description:
      `kernel.findOne through ${depth} pass-through onion middleware (each awaits next()), ` +
      'against an identical kernel without middleware.',
    async setup() {
      const layered = await startMemoryKernel()
      const plain = await startMemoryKernel()
      for (let i = 0; i < depth; i++) layered.kernel.useMiddleware((_ctx, next) => next())
      const nextLayered = cycle(layered.ids)
      const nextPlain = cycle(plain.ids)
      return {
        task: () => layered.kernel.findOne(OBJECT, nextLayered()),
        reference: () => plain.kernel.findOne(OBJECT, nextPlain()),
        teardown: async () => {
          await layered.kernel.stop()
          await plain.kernel.stop()
        },
      }
    },
  }
}

/** Kernel overhead, hooks 10/100 on the same and on other objects, and middleware depth. */
export const KERNEL_SCENARIOS: readonly TimedScenario[] = [
  kernelFindOne,
  hooksScenario(10, 'same'),
  hooksScenario(100, 'same'),
  hooksScenario(10, 'other'),
  hooksScenario(100, 'other'),
  middlewareScenario(1),
  middlewareScenario(10),
]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const KERNEL_SCENARIO_MODULE: string = import.meta.url
