import type { Driver } from '../../kernel/driver/driver.js'

/** Every data operation of the driver contract on object `task`, for "refused when closed" checks. */
export function dataCalls(driver: Driver): Promise<unknown>[] {
  const q = { object: 'task' }
  return [
    driver.find('task', q),
    driver.findOne('task', 'a'),
    driver.count('task', undefined),
    driver.create('task', {}),
    driver.update('task', 'a', {}),
    driver.delete('task', 'a'),
    driver.bulkCreate('task', [{}]),
    driver.bulkUpdate('task', [{ id: 'a', data: {} }]),
    driver.bulkDelete('task', ['a']),
    driver.aggregate('task', { object: 'task', groupBy: ['title'] }),
    driver.distinct('task', 'title'),
    driver.introspectSchema(),
    driver.executeQuery(q),
  ]
}
