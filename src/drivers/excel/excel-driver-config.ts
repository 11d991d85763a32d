import { resolve } from 'node:path'
import { ObjectQLError } from '../../kernel/errors.js'

/** Options of {@link ExcelDriver}. */
export interface ExcelDriverConfig {
  /**
   * The workbook (`.xlsx`) holding one worksheet per object. Created on the first write when
   * missing (its directory too); relative paths resolve against the working directory at
   * construction time.
   */
  readonly file: string
}

/** A config with the path made absolute. */
export interface ResolvedExcelDriverConfig {
  readonly file: string
}

/**
 * Validates a config.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the bad option.
 */
export function resolveExcelConfig(config: ExcelDriverConfig): ResolvedExcelDriverConfig {
  if (typeof config !== 'object' || (config as unknown) === null) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      'excel driver: config must be an object with a `file`',
    )
  }
  const { file } = config as { file?: unknown }
  if (typeof file !== 'string' || file.trim() === '' || file.includes('\0')) {
    throw new ObjectQLError('CONFIG_INVALID', 'excel driver: `file` must be a non-empty path', {
      details: { option: 'file' },
    })
  }
  if (!/\.xlsx$/i.test(file)) {
    // Excel refuses an Open XML workbook named otherwise (.xls, .csv); .xlsm macros would be lost.
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `excel driver: \`file\` must end in .xlsx (got ${file})`,
      {
        details: { option: 'file' },
      },
    )
  }
  return { file: resolve(file) }
}
