// awsQuery (ELBv2, STS) and ec2Query (EC2): form-encoded `Action=…&Version=…` requests, XML answers.
// awsQuery: <OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata><RequestId/></…></OpResponse>,
//   errors <ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></…>.
// ec2Query: <OpResponse xmlns><requestId/>…</OpResponse> (no Result wrapper, `<item>` lists),
//   errors <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>.
import { parseForm, readQuery } from './queryCodec.ts';
import { operationName } from './schema.ts';
import type { Protocol, RawRequest } from './types.ts';
import { escapeXml, xmlMembers } from './xmlCodec.ts';

export interface QueryOptions {
  ec2: boolean;
  xmlNamespace: string;
}

const formOf = (request: RawRequest): Map<string, string> => {
  const params = parseForm(request.method === 'GET' ? '' : request.body);
  for (const [key, value] of request.query) if (!params.has(key)) params.set(key, value);
  return params;
};

/** A form parameter of a query request (`Version`, `Action`), from its body or its URL. */
export const queryParameter = (request: RawRequest, name: string): string | undefined =>
  formOf(request).get(name);

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export const queryProtocol = (options: QueryOptions): Protocol => ({
  id: options.ec2 ? 'ec2Query' : 'awsQuery',
  route(request, operations) {
    const name = formOf(request).get('Action');
    if (!name) return { name: undefined };
    return { name, operation: operations.find((op) => operationName(op.schema) === name) };
  },
  readInput(operation, request) {
    return readQuery(operation.schema[4], formOf(request), { ec2: options.ec2 });
  },
  writeOutput(operation, output, requestId) {
    const name = operation.name;
    const content = xmlMembers(operation.schema[5], output ?? {});
    const body = options.ec2
      ? `<${name}Response xmlns="${options.xmlNamespace}"><requestId>${requestId}</requestId>${content}</${name}Response>`
      : `<${name}Response xmlns="${options.xmlNamespace}"><${name}Result>${content}</${name}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${name}Response>`;
    return {
      status: 200,
      headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
      body: XML_DECLARATION + body,
    };
  },
  writeError(error, _operationName, requestId) {
    const code = escapeXml(error.code);
    const message = escapeXml(error.message);
    const body = options.ec2
      ? `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
      : `<ErrorResponse xmlns="${options.xmlNamespace}"><Error><Type>${error.fault}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
      body: XML_DECLARATION + body,
    };
  },
});
