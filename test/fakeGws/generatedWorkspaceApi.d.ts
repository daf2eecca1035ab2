/**
 * The parts of genesys-workspace-client-js 9.0.1's generated code (swagger-codegen from the Workspace API's OpenAPI
 * description) that test/fakeGws/shapes.test.ts uses. The package ships no types.
 */
declare module 'genesys-workspace-client-js/src/internal/code-gen/workspace-api' {
  /** A generated model: constructFromObject keeps the attributes the model has, converted to their declared types. */
  export interface GeneratedModel {
    new (...required: unknown[]): object;
    readonly length: number;
    readonly prototype: object;
    constructFromObject(data: unknown): object;
    readonly [enumName: string]: unknown;
  }

  export interface HttpInfo<T> {
    readonly data: T;
    readonly response: { readonly status: number; readonly body: unknown; readonly header: Record<string, string | string[] | undefined> };
  }

  export class ApiClient {
    basePath: string;
    enableCookies: boolean;
    defaultHeaders: Record<string, string>;
  }

  export type Call = (...args: unknown[]) => Promise<HttpInfo<unknown>>;

  export class SessionApi {
    constructor(client: ApiClient);
    initializeWorkspaceWithHttpInfo: Call;
    activateChannelsWithHttpInfo: Call;
    getCurrentSessionWithHttpInfo: Call;
    logoutWithHttpInfo: Call;
  }

  export class VoiceApi {
    constructor(client: ApiClient);
    setAgentStateReadyWithHttpInfo: Call;
    setAgentStateNotReadyWithHttpInfo: Call;
    makeCallWithHttpInfo: Call;
    answerWithHttpInfo: Call;
    holdWithHttpInfo: Call;
    retrieveWithHttpInfo: Call;
    sendDTMFWithHttpInfo: Call;
    releaseWithHttpInfo: Call;
    completeCallWithHttpInfo: Call;
    getCallsWithHttpInfo: Call;
  }

  // Every model of the API is exported too, by its name (Call, Dn, ApiSuccessResponse, ...): see modelNamed() in
  // shapes.test.ts.
}
