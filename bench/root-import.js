'use strict';
// Baseline: what the default cdktf template does, importing provider classes from the package root.
const pkg = ['@cdktf', 'provider-azurerm'].join('/');
require(pkg);
