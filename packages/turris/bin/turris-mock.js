#!/usr/bin/env node
// `turris-mock`: the mock server command, built into dist/. This file is committed, so installing the
// workspace (before any build) can link the command.
import "../dist/mock-server-cli.js";
