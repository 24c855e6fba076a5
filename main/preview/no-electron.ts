// What `electron` is in plain Node: no app, no ipcMain. The preview bundle resolves the electron module
// here, so electron-store uses the data directory it is given and nothing of Electron is reached.
export default {};
