import { defineAudits } from '../driver-audit.js'
export const PROPERTY_AUDITS = defineAudits([])
