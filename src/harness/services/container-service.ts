import { ObjectQLError } from '../../kernel/errors.js'
import { waitUntilAnswers } from './service-probe.js'
import { once } from './server-process.js'
import type { ServiceName, StartedService } from './service-types.js'

/** How one service runs in a container. */
interface ContainerRecipe {
  /** Default image; `OBJECTQL_<SERVICE>_IMAGE` overrides it. */
  readonly image: string
  readonly port: number
  readonly environment: Readonly<Record<string, string>>
  /** A log line the image prints once it accepts connections (and how often). */
  readonly ready: RegExp
  readonly readyTimes: number
  readonly url: (host: string, port: number) => string
}

const RECIPES: Readonly<Record<ServiceName, ContainerRecipe>> = {
  postgres: {
    image: 'postgres:16-alpine',
    port: 5432,
    environment: { POSTGRES_HOST_AUTH_METHOD: 'trust' },
    // The image's init script starts a temporary server first, so the line appears twice.
    ready: /database system is ready to accept connections/,
    readyTimes: 2,
    url: (host, port) => `postgres://postgres@${host}:${port}/postgres`,
  },
  mysql: {
    image: 'mariadb:11',
    port: 3306,
    environment: { MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1', MARIADB_DATABASE: 'test' },
    ready: /ready for connections/,
    readyTimes: 2,
    url: (host, port) => `mysql://root@${host}:${port}/test`,
  },
  redis: {
    image: 'redis:7-alpine',
    port: 6379,
    environment: {},
    ready: /Ready to accept connections/,
    readyTimes: 1,
    url: (host, port) => `redis://${host}:${port}/0`,
  },
  mongo: {
    image: 'mongo:7',
    port: 27017,
    environment: {},
    ready: /Waiting for connections/,
    readyTimes: 1,
    url: (host, port) => `mongodb://${host}:${port}/?directConnection=true`,
  },
}

/** Options of {@link startContainerService}. */
export interface ContainerServiceOptions {
  /** Image to run instead of the default (`OBJECTQL_<SERVICE>_IMAGE` is read by `provide()`). */
  readonly image?: string
  /** Milliseconds for pull, start and the first answer (default 120 000). */
  readonly startTimeoutMs?: number
}

/**
 * Starts `service` in a container with testcontainers (imported only here, and only after a
 * runtime was detected) and waits until it answers a real login. `release()` stops and removes
 * the container. Throws `SERVICE_UNAVAILABLE` with the runtime's error as `cause`.
 */
export async function startContainerService(
  service: ServiceName,
  options: ContainerServiceOptions = {},
): Promise<StartedService> {
  const recipe = RECIPES[service]
  const image = options.image ?? recipe.image
  const timeoutMs = options.startTimeoutMs ?? 120_000
  const { GenericContainer, Wait } = await import('testcontainers')
  let started
  try {
    started = await new GenericContainer(image)
      .withEnvironment({ ...recipe.environment })
      .withExposedPorts(recipe.port)
      .withWaitStrategy(Wait.forLogMessage(recipe.ready, recipe.readyTimes))
      .withStartupTimeout(timeoutMs)
      .start()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new ObjectQLError('SERVICE_UNAVAILABLE', `container ${image} failed: ${message}`, {
      cause: error,
      details: { service, image },
    })
  }
  const container = started
  const url = recipe.url(container.getHost(), container.getMappedPort(recipe.port))
  const release = once(async () => {
    await container.stop()
  })
  try {
    await waitUntilAnswers(service, url, { timeoutMs: 30_000 })
  } catch (error) {
    await release()
    throw error
  }
  return { url, release }
}
