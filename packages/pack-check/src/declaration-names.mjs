// Go-to-definition must land in a file a user can place: every declaration
// file in a package declares the JS file of the same name beside it (an entry
// point), never a shared chunk such as `server-socket-DqE_qmIh.d.ts`.
const DECLARATION = /\.d\.([cm]?)ts$/;

/** The declaration files in a tarball listing that have no JS file of their name beside them. */
export function declarationsWithoutEntry(listing) {
  const files = new Set(listing.map((line) => line.trim()).filter(Boolean));
  return [...files].filter((file) => {
    const match = DECLARATION.exec(file);
    return match !== null && !files.has(file.replace(DECLARATION, `.${match[1]}js`));
  });
}
