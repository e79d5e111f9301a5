/**
 * The header carrying the id of the HTTP request an article arrived with (ingest's `x-request-id`), copied from each
 * record onto the records derived from it, so one article can be followed through every service's log lines.
 */
export const REQUEST_ID_RECORD_HEADER = 'cleanwire-request-id';
