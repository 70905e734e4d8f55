// swagger-ui-dist ships its prebuilt bundle without types; this is the one call the reference makes.
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  interface SwaggerUiOptions {
    domNode: HTMLElement;
    url: string;
    /** null: never send the document to swagger.io's online validator. */
    validatorUrl: null;
    deepLinking?: boolean;
    tryItOutEnabled?: boolean;
    defaultModelsExpandDepth?: number;
  }
  const SwaggerUIBundle: (options: SwaggerUiOptions) => unknown;
  export default SwaggerUIBundle;
}
