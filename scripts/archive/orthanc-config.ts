import path from 'node:path';
import { ORTHANC_PLUGIN_DIR } from '../lib/debian-packages.ts';
import { REPO_ROOT } from '../lib/paths.ts';
import type { ArchiveCredentials } from './credentials.ts';
import type { DicomIntake } from './dicom-intake.ts';

export const REQUEST_FILTER = path.join(REPO_ROOT, 'scripts/archive/request-filter.lua');
/** The archive's own AE title: what a modality must call when DICOM intake is on. */
export const ARCHIVE_AET = 'READROOM';

export interface OrthancConfigOptions {
  dataDir: string;
  httpPort: number;
  dicomPort: number;
  credentials: ArchiveCredentials;
  dicomIntake?: DicomIntake | undefined;
  /** HTTP worker threads (default 50); tests that exhaust them use a few. */
  httpThreads?: number | undefined;
  /**
   * The Lua request filter, on unless `false`. Only a test that checks the gateway's own refusals, with the
   * archive's second line of defence out of the way, turns it off; such an archive also accepts its admin
   * user on the DICOMweb peer routes so that the test can set up and count peers.
   */
  requestFilter?: boolean | undefined;
}

/** The DICOM part: no port at all, or only the allowed AE titles from loopback, storing and echoing. */
function dicomServer(dicomPort: number, intake: DicomIntake | undefined): Record<string, unknown> {
  if (!intake) return { DicomServerEnabled: false, DicomModalities: {} };
  const modalities = Object.fromEntries(
    intake.aets.map((aet) => [
      aet,
      {
        AET: aet,
        Host: '127.0.0.1',
        // Only used when Orthanc calls the modality, which Readroom never asks for.
        Port: 104,
        AllowEcho: true,
        AllowStore: true,
        AllowFind: false,
        AllowFindWorklist: false,
        AllowGet: false,
        AllowMove: false,
        AllowStorageCommitment: false,
      },
    ]),
  );
  return {
    DicomServerEnabled: true,
    DicomAet: ARCHIVE_AET,
    DicomPort: dicomPort,
    DicomCheckCalledAet: true,
    DicomCheckModalityHost: true,
    DicomAlwaysAllowEcho: false,
    DicomAlwaysAllowStore: false,
    DicomAlwaysAllowFind: false,
    DicomAlwaysAllowFindWorklist: false,
    DicomAlwaysAllowGet: false,
    DicomAlwaysAllowMove: false,
    DicomModalities: modalities,
  };
}

/** What the GDCM plugin decodes: the JPEG, JPEG-LS and JPEG 2000 families (not native, not RLE). */
export const GDCM_TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.92',
  '1.2.840.10008.1.2.4.93',
];

/** The project-owned Orthanc configuration (written to the data folder, readable by its owner only). */
export function orthancConfig(opts: OrthancConfigOptions): Record<string, unknown> {
  return {
    Name: 'Readroom development archive',
    StorageDirectory: path.join(opts.dataDir, 'storage'),
    IndexDirectory: path.join(opts.dataDir, 'index'),
    HttpPort: opts.httpPort,
    // Orthanc cannot bind to loopback only; this makes it refuse every non-loopback HTTP client.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: {
      [opts.credentials.gateway.username]: opts.credentials.gateway.password,
      [opts.credentials.admin.username]: opts.credentials.admin.password,
    },
    LuaScripts: opts.requestFilter === false ? [] : [REQUEST_FILTER],
    ...dicomServer(opts.dicomPort, opts.dicomIntake),
    DicomModalitiesInDatabase: false,
    OrthancPeers: {},
    OrthancPeersInDatabase: false,
    // Nothing of Orthanc's own beyond what the request filter lets through.
    OrthancExplorerEnabled: false,
    WebDavEnabled: false,
    ExecuteLuaEnabled: false,
    RestApiWriteToFileSystemEnabled: false,
    HttpCompressionEnabled: true,
    KeepAlive: true,
    OverwriteInstances: true,
    HttpThreadsCount: opts.httpThreads ?? 50,
    HttpTimeout: 60,
    StableAge: 5,
    Plugins: [path.join(ORTHANC_PLUGIN_DIR, 'libOrthancDicomWeb.so'), path.join(ORTHANC_PLUGIN_DIR, 'libOrthancGdcm.so')],
    // GDCM 3.0.21 aborts the whole server (an assert, `BitSample == 8` TODO) on any segmented palette of an
    // 8-bit image, as soon as a thumbnail or a transcoded frame of it is asked for. GDCM only decodes the
    // compressed syntaxes it is here for; native and RLE images go to DCMTK, which refuses what it cannot
    // render (400) instead of dying. Orthanc 1.10 then renders no PALETTE COLOR thumbnail at all.
    Gdcm: { RestrictTransferSyntaxes: GDCM_TRANSFER_SYNTAXES },
    // No DicomWeb.Host: URLs in responses then follow the request's Host/Forwarded header. No Servers: no outgoing peers.
    DicomWeb: { Enable: true, Root: '/dicom-web/', StudiesMetadata: 'Full', SeriesMetadata: 'Full', Servers: {} },
  };
}
