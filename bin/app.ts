#!/usr/bin/env node
// The reference app: synthesizes offline, without credentials, with every compliance pack.
import { buildReferenceApp } from './reference-app';

buildReferenceApp().synth();
