/**
 * Loading our own packages. They are workspace dependencies of the bench, but
 * each lands on its own schedule: a package that is not installed yet makes
 * its rows read "not yet available" instead of failing the whole run.
 */
import { type OurPackage } from './our-packages';

export { OUR_PACKAGES, type OurPackage } from './our-packages';

/** Whether a package can be resolved from the bench. */
export function isInstalled(name: string): boolean {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Imports one of our packages by name. The name is a variable so that the
 * compiler does not require packages that have not landed yet. */
export async function importOurs<T>(name: OurPackage): Promise<T> {
  const specifier: string = name;
  return (await import(specifier)) as T;
}
