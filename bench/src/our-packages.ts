/** Our packages the bench measures, by the names users install. */
export const OUR_PACKAGES = {
  registry: '@ws-isolation/registry',
  mockSocket: '@ws-isolation/mock-socket',
  core: '@ws-isolation/core',
  throttle: '@ws-isolation/throttle',
  throttleRedis: '@ws-isolation/throttle/redis',
  jestEnvironment: '@ws-isolation/jest-environment',
} as const;

export type OurPackage = (typeof OUR_PACKAGES)[keyof typeof OUR_PACKAGES];
