import { defineAudits } from '../driver-audit.js'
export const MODEL_RUN_AUDITS = defineAudits([])
