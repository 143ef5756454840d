import { startOrthanc } from '/work/main/scripts/archive/orthanc.ts';
const a = await startOrthanc({ dataDir: '/tmp/rr-dev', httpPort: 18042, dicomPort: 14242 });
console.log('orthanc', a.pid);
