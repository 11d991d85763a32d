import { SpecModel } from '../../model/index.js'
import { defineAudits } from '../driver-audit.js'
import { onFreshDriver, propertyObject } from '../properties/property-object.js'
import { checkLaw } from '../properties/property-runner.js'
import { sequenceArbitrary } from './commands.js'
import { executeSequence } from './sequence-executor.js'
import { driverTarget, modelTarget } from './sequence-target.js'

/** DRV-PROP-008: random command sequences agree with the model after every step. */
export const MODEL_RUN_AUDITS = defineAudits([
  {
    id: 'DRV-PROP-008',
    level: 'MUST',
    group: 'model-runs',
    title:
      'random create/update/delete/find/count/aggregate sequences agree with the model step by step',
    timeoutMs: 120_000,
    async run(context) {
      const object = { ...propertyObject(context.capabilities), name: context.uniqueName('seq') }
      const arbitrary = sequenceArbitrary(object, {
        aggregate: context.capabilities.queryAggregations,
      })
      return checkLaw(
        context,
        arbitrary,
        (sequence) =>
          onFreshDriver(context, [object], async (driver) => {
            const model = new SpecModel([object])
            const disagreement = await executeSequence(
              sequence,
              driverTarget('the driver', driver, object.name),
              modelTarget(model, object.name),
            )
            if (disagreement === undefined) return undefined
            return {
              message: `step ${disagreement.steps.length} of the minimal sequence disagrees: ${disagreement.message}; steps: ${disagreement.steps.join(' ')}`,
              minimalCase: { object: object.fields, steps: disagreement.steps },
            }
          }),
        { timeLimitMs: 90_000 },
      )
    },
  },
])
