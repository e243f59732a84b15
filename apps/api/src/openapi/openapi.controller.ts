import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../access/access.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { buildOpenApiDocument } from './openapi.document.js';
import { RouteCatalog } from './route-catalog.js';

const SWAGGER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clearframe API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

/** `/docs` (Swagger UI) and `/docs/openapi.json`, generated from the routes' own contracts. */
@Controller('docs')
export class OpenApiController {
  private document: Record<string, unknown> | undefined;

  constructor(
    private readonly catalog: RouteCatalog,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page() {
    return SWAGGER_PAGE;
  }

  @Get('init.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  init() {
    // Served as a file rather than inline so the Content-Security-Policy can forbid inline scripts.
    return `window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui' });`;
  }

  @Get('openapi.json')
  @Public()
  openapi() {
    this.document ??= buildOpenApiDocument(this.catalog.routes(), this.config.server.publicApiUrl);
    return this.document;
  }
}
