-- Readroom's request filter for its embedded Orthanc: a second line of defence behind HTTP
-- authentication (scripts/archive/orthanc-config.ts loads it; request-filter.integration.test.ts tests it).
--
-- What Orthanc 1.10 passes (measured):
--   method    the effective method: X-HTTP-Method-Override and ?_method=PUT|DELETE already applied
--             (any other ?_method= value is answered 400 before the filter runs);
--   uri       the path only, percent-decoded and normalised ("//a/../b" is "/b"), WITHOUT the query string;
--   username  the authenticated user ("" without authentication);
--   headers   header names in lower case.
-- So "?_method=" cannot be seen in the URI, but what it does can: it turns a GET into a PUT or DELETE,
-- which is refused below wherever a GET is allowed. A refusal is answered 403.

local ID = '[0-9a-f%-]+'      -- Orthanc's resource ids
local STUDY = '/studies/[0-9.]+'
local SERIES = '/series/[0-9.]+'
local INSTANCE = '/instances/[0-9.]+'
local FRAMES = '/frames/[0-9,]+'
local DICOMWEB = '^/dicom%-web'

local function anchored(prefix, paths)
  local out = {}
  for _, p in ipairs(paths) do table.insert(out, prefix .. p .. '$') end
  return out
end

-- The DICOMweb resources Readroom's gateway uses: QIDO-RS searches, WADO-RS (instances, metadata,
-- frames, rendered, thumbnail, bulk data). Not /dicom-web/servers (outgoing peers), nothing else.
local DICOMWEB_READ = anchored(DICOMWEB, {
  '/studies', '/series', '/instances',
  STUDY .. '/series', STUDY .. '/instances', STUDY .. SERIES .. '/instances',
  STUDY, STUDY .. SERIES, STUDY .. SERIES .. INSTANCE,
  STUDY .. '/metadata', STUDY .. SERIES .. '/metadata', STUDY .. SERIES .. INSTANCE .. '/metadata',
  STUDY .. '/rendered', STUDY .. SERIES .. '/rendered', STUDY .. SERIES .. INSTANCE .. '/rendered',
  STUDY .. '/thumbnail', STUDY .. SERIES .. '/thumbnail', STUDY .. SERIES .. INSTANCE .. '/thumbnail',
  STUDY .. SERIES .. INSTANCE .. FRAMES,
  STUDY .. SERIES .. INSTANCE .. FRAMES .. '/rendered',
  STUDY .. SERIES .. INSTANCE .. FRAMES .. '/thumbnail',
  STUDY .. SERIES .. INSTANCE .. '/bulk/.+',
})

-- STOW-RS.
local DICOMWEB_STORE = anchored(DICOMWEB, { '/studies', STUDY })

-- Orthanc's own REST API, as far as the project's scripts and tests use it: readiness, looking up and
-- reading resources, storing a file, and deleting what a test stored (never a patient).
local REST_READ = anchored('^', {
  '/system', '/statistics',
  '/patients', '/studies', '/series', '/instances',
  '/patients/' .. ID, '/studies/' .. ID, '/series/' .. ID, '/instances/' .. ID,
  '/patients/' .. ID .. '/[%w%-/]+', '/studies/' .. ID .. '/[%w%-/]+', '/series/' .. ID .. '/[%w%-/]+', '/instances/' .. ID .. '/[%w%-/]+',
})
local REST_POST = anchored('^', { '/instances', '/tools/lookup' })
local REST_DELETE = anchored('^', { '/studies/' .. ID, '/series/' .. ID, '/instances/' .. ID })

local function matchesAny(uri, patterns)
  for _, pattern in ipairs(patterns) do
    if string.match(uri, pattern) then return true end
  end
  return false
end

local function overridesMethod(headers)
  for name, _ in pairs(headers) do
    if string.lower(name) == 'x-http-method-override' then return true end
  end
  return false
end

local ALLOWED = {
  gateway = {
    GET = { DICOMWEB_READ },
    HEAD = { DICOMWEB_READ },
    POST = { DICOMWEB_STORE },
  },
  admin = {
    GET = { DICOMWEB_READ, REST_READ },
    HEAD = { DICOMWEB_READ, REST_READ },
    POST = { DICOMWEB_STORE, REST_POST },
    DELETE = { REST_DELETE },
  },
}

function IncomingHttpRequestFilter(method, uri, ip, username, headers)
  if ip ~= '127.0.0.1' and ip ~= '::1' then return false end
  if overridesMethod(headers) then return false end
  local user = ALLOWED[username]
  if user == nil then return false end
  local lists = user[method]
  if lists == nil then return false end
  for _, patterns in ipairs(lists) do
    if matchesAny(uri, patterns) then return true end
  end
  return false
end
