// electron-builder afterPack hook: sets Electron's fuses on the packaged binary, so the shipped app
// cannot be turned into a plain Node runtime or debugged from the command line, and loads only its
// own, integrity-checked archive. https://www.electronjs.org/docs/latest/tutorial/fuses
const path = require('node:path');

/** The fuses this kiosk ships with (exported for the packaging test). */
function kioskFuses(FuseV1Options, FuseVersion) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: false,
    resetAdHocDarwinSignature: true,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** Where electron-builder put the Electron executable for this platform. */
function executablePath(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

async function afterPack(context, fuses = require('@electron/fuses')) {
  const { flipFuses, FuseV1Options, FuseVersion } = fuses;
  await flipFuses(executablePath(context), kioskFuses(FuseV1Options, FuseVersion));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.kioskFuses = kioskFuses;
module.exports.executablePath = executablePath;
