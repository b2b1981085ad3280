// The `pm` sandbox for one script run: Postman's scripting API (and its older globals) over a
// native host object that owns the variables, the console and pm.sendRequest. Needs chai.js.
// Defines the global __bbSession(host, ctx); see script_engine.cpp for the calling side.
(function (global) {
    'use strict';

    var chai = global.__bbChai;
    var AssertionError = chai.AssertionError;

    // Postman's legacy sandbox adds String.prototype.has; old collections use it on responseBody.
    if (!String.prototype.has) {
        Object.defineProperty(String.prototype, 'has', {
            value: function (s) { return this.indexOf(s) !== -1; }, configurable: true });
    }

    var REASONS = { 100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created',
        202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
        205: 'Reset Content', 206: 'Partial Content', 300: 'Multiple Choices',
        301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
        307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request',
        401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
        405: 'Method Not Allowed', 406: 'Not Acceptable', 408: 'Request Timeout', 409: 'Conflict',
        410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
        414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
        417: 'Expectation Failed', 418: "I'm a teapot", 422: 'Unprocessable Entity',
        425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
        429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
        500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
        503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported' };

    function stringify(v) {
        if (typeof v === 'string') return v;
        if (v === undefined) return 'undefined';
        if (v !== null && typeof v === 'object') {
            try { return JSON.stringify(v); } catch (e) { return String(v); }
        }
        return String(v);
    }

    // A variable scope as pm.environment & co. present it; data is read-only like Postman's.
    function scope(host, name, readOnly) {
        var s = {
            get: function (key) { return host.varGet(name, String(key)); },
            has: function (key) { return host.varHas(name, String(key)); },
            toObject: function () { return host.varObject(name); },
            replaceIn: function (text) { return host.replaceIn(String(text)); }
        };
        s.unset = function (key) { host.varUnset(name, String(key)); };
        if (!readOnly) {
            s.set = function (key, value) { host.varSet(name, String(key), stringify(value)); };
            s.clear = function () { host.varClear(name); };
        }
        return s;
    }

    // Postman's PropertyList of headers: case-insensitive keys, disabled entries kept.
    function HeaderList(items) { this._items = items || []; }
    HeaderList.prototype = {
        _find: function (key) {
            var k = String(key).toLowerCase();
            for (var i = 0; i < this._items.length; ++i)
                if (!this._items[i].disabled && this._items[i].key.toLowerCase() === k)
                    return this._items[i];
            return undefined;
        },
        get: function (key) { var h = this._find(key); return h ? h.value : undefined; },
        one: function (key) { return this._find(key); },
        has: function (key, value) {
            var h = this._find(key);
            return !!h && (value === undefined || h.value === String(value));
        },
        add: function (h) {
            if (typeof h === 'string') {
                var colon = h.indexOf(':');
                h = { key: h.slice(0, colon).trim(), value: h.slice(colon + 1).trim() };
            }
            this._items.push({ key: String(h.key), value: stringify(h.value), disabled: false });
        },
        upsert: function (h) {
            var found = this._find(h.key);
            if (found) found.value = stringify(h.value);
            else this.add(h);
        },
        remove: function (key) {
            var test = typeof key === 'function'
                           ? key
                           : function (h) { return h.key.toLowerCase() === String(key).toLowerCase(); };
            this._items = this._items.filter(function (h) { return !test(h); });
        },
        clear: function () { this._items = []; },
        all: function () { return this._items.filter(function (h) { return !h.disabled; }); },
        each: function (fn) { this.all().forEach(fn); },
        map: function (fn) { return this.all().map(fn); },
        filter: function (fn) { return this.all().filter(fn); },
        count: function () { return this.all().length; },
        toObject: function () {
            var o = {};
            this.all().forEach(function (h) { o[h.key.toLowerCase()] = h.value; });
            return o;
        },
        toString: function () {
            return this.all().map(function (h) { return h.key + ': ' + h.value; }).join('\n');
        }
    };

    function Url(raw) { this.raw = String(raw); }
    Url.prototype = {
        toString: function () { return this.raw; },
        update: function (raw) { this.raw = String(raw); },
        _parts: function () {
            var m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^\/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(this.raw);
            return { protocol: m[1] || '', host: m[2] || '', path: m[3] || '', query: m[4] || '' };
        },
        getHost: function () { return this._parts().host.replace(/^.*@/, '').replace(/:\d+$/, ''); },
        getPath: function () { return this._parts().path || '/'; },
        getQueryString: function () { return this._parts().query; },
        getPathWithQuery: function () {
            var p = this._parts();
            return (p.path || '/') + (p.query ? '?' + p.query : '');
        }
    };

    function makeRequest(data) {
        var url = new Url(data.url);
        var request = {
            method: data.method,
            headers: new HeaderList(data.headers),
            body: data.body,
            addHeader: function (h) { this.headers.add(h); },
            removeHeader: function (key) { this.headers.remove(key); },
            upsertHeader: function (h) { this.headers.upsert(h); }
        };
        Object.defineProperty(request, 'url', {
            enumerable: true,
            get: function () { return url; },
            set: function (v) { url = v instanceof Url ? v : new Url(v); }
        });
        request.body.toString = function () {
            return this.mode === 'raw' ? (this.raw || '') : '';
        };
        request.body.update = function (v) {
            if (typeof v === 'string') { this.mode = 'raw'; this.raw = v; }
            else { for (var k in v) this[k] = v[k]; }
        };
        return request;
    }

    function requestData(request) {
        var b = request.body || {};
        return { url: String(request.url), method: String(request.method),
                 headers: request.headers._items.map(function (h) {
                     return { key: String(h.key), value: String(h.value), disabled: !!h.disabled };
                 }),
                 body: { mode: b.mode || '', raw: b.raw === undefined ? '' : String(b.raw),
                         urlencoded: (b.urlencoded || []).map(function (f) {
                             return { key: String(f.key), value: stringify(f.value),
                                      disabled: !!f.disabled };
                         }),
                         graphql: b.graphql ? { query: String(b.graphql.query || ''),
                                                variables: stringify(b.graphql.variables || '') }
                                            : { query: '', variables: '' } } };
    }

    function jsonPath(obj, path) {
        var parts = String(path).replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
        var cur = obj;
        for (var i = 0; i < parts.length; ++i) {
            if (cur === null || typeof cur !== 'object' || !(parts[i] in cur))
                return { found: false };
            cur = cur[parts[i]];
        }
        return { found: true, value: cur };
    }

    // A body too big for scripts (see script_engine.cpp) fails where it is read, with its size.
    function bodyOf(data) {
        if (data.bodyError) throw new Error(data.bodyError);
        return data.body;
    }

    function makeResponse(data) {
        var headers = new HeaderList(data.headers.map(function (h) {
            return { key: h.key, value: h.value, disabled: false };
        }));
        var response = {
            code: data.code,
            status: REASONS[data.code] || '',
            headers: headers,
            responseTime: data.responseTime,
            responseSize: data.responseSize,
            text: function () { return bodyOf(data); },
            json: function () { return JSON.parse(bodyOf(data)); },
            reason: function () { return REASONS[data.code] || ''; }
        };
        response.to = responseAssertions(response, false);
        return response;
    }

    function check(negate, cond, msg, negMsg) {
        if (negate ? cond : !cond) throw new AssertionError(negate ? negMsg : msg);
    }

    // pm.response.to.have.status(...) and friends, Postman's wording.
    function responseAssertions(response, negate) {
        var inspect = chai.inspect;
        var api = {
            status: function (s) {
                if (typeof s === 'number')
                    check(negate, response.code === s,
                          'expected response to have status code ' + s + ' but got ' + response.code,
                          'expected response to not have status code ' + s);
                else
                    check(negate, response.status === String(s),
                          'expected response to have status reason ' + inspect(String(s)) +
                              ' but got ' + inspect(response.status),
                          'expected response to not have status reason ' + inspect(String(s)));
                return api;
            },
            header: function (name, value) {
                var has = response.headers.has(name);
                if (arguments.length < 2) {
                    check(negate, has, "expected response to have header with key '" + name + "'",
                          "expected response to not have header with key '" + name + "'");
                } else {
                    var actual = response.headers.get(name);
                    check(negate, has && actual === String(value),
                          "expected '" + name + "' response header to be " + inspect(String(value)) +
                              ' but got ' + inspect(actual),
                          "expected '" + name + "' response header to not be " +
                              inspect(String(value)));
                }
                return api;
            },
            body: function (text) {
                var body = response.text();
                if (arguments.length === 0)
                    check(negate, body.length > 0, 'expected response to have content in body',
                          'expected response to not have content in body');
                else if (text instanceof RegExp)
                    check(negate, text.test(body), 'expected response body text to match ' + text,
                          'expected response body text to not match ' + text);
                else
                    check(negate, body === String(text),
                          'expected response body to equal ' + inspect(String(text)) +
                              ' but got ' + inspect(body),
                          'expected response body to not equal ' + inspect(String(text)));
                return api;
            },
            jsonBody: function (path, value) {
                var json, parseError;
                try { json = response.json(); } catch (e) { parseError = e; }
                if (arguments.length === 0 || parseError) {
                    check(negate, !parseError,
                          'expected response body to be a valid json but got error ' +
                              (parseError ? parseError.message : ''),
                          'expected response body not to be a valid json');
                    return api;
                }
                var at = jsonPath(json, path);
                if (arguments.length === 1)
                    check(negate, at.found, "expected response body json to have path '" + path + "'",
                          "expected response body json to not have path '" + path + "'");
                else
                    check(negate, at.found && chai.deepEqual(at.value, value),
                          "expected response body json at '" + path + "' to contain " +
                              inspect(value) + ' but got ' + inspect(at.value),
                          "expected response body json at '" + path + "' to not contain " +
                              inspect(value));
                return api;
            },
            jsonSchema: function () { throw unsupported('pm.response.to.have.jsonSchema'); }
        };
        var type = function () { return String(response.headers.get('content-type') || ''); };
        Object.defineProperty(api, 'ok', { get: function () {
            check(negate, response.code >= 200 && response.code < 300,
                  'expected response code to be 2XX but found ' + response.code,
                  'expected response code to not be 2XX but found ' + response.code);
            return api; } });
        Object.defineProperty(api, 'success', Object.getOwnPropertyDescriptor(api, 'ok'));
        Object.defineProperty(api, 'json', { get: function () {
            check(negate, /[\/+]json\b/i.test(type()),
                  "expected response to have content type 'json' but got " + inspect(type()),
                  "expected response to not have content type 'json'");
            return api; } });
        ['to', 'be', 'have', 'a', 'an', 'and', 'with', 'that'].forEach(function (w) {
            Object.defineProperty(api, w, { get: function () { return api; } });
        });
        Object.defineProperty(api, 'not', { get: function () {
            return responseAssertions(response, !negate); } });
        ['error', 'clientError', 'serverError', 'info', 'redirection'].forEach(function (name) {
            var range = { info: 1, success: 2, redirection: 3, clientError: 4, serverError: 5 }[name];
            Object.defineProperty(api, name, { get: function () {
                var cls = Math.floor(response.code / 100);
                var ok = name === 'error' ? cls === 4 || cls === 5 : cls === range;
                var label = name === 'error' ? '4XX or 5XX' : range + 'XX';
                check(negate, ok, 'expected response code to be ' + label + ' but found ' + response.code,
                      'expected response code to not be ' + label + ' but found ' + response.code);
                return api; } });
        });
        return api;
    }

    // So pm.expect(pm.response).to.have.status(200) works as in Postman's chai plugin.
    ['status', 'header', 'jsonBody'].forEach(function (name) {
        chai.Assertion.prototype[name] = function () {
            var f = this.__f;
            if (!f.obj || typeof f.obj.code !== 'number' || !f.obj.headers)
                throw new AssertionError('expected ' + chai.inspect(f.obj) + ' to be a response');
            var api = responseAssertions(f.obj, f.negate);
            api[name].apply(api, arguments);
            return this;
        };
    });

    function unsupported(name) {
        return new Error(name + ' is not supported in Backbench scripts (see docs/scripting.md)');
    }
    // Stands for an API the sandbox does not offer: calling it, or anything reached from it
    // (CryptoJS.enc.Hex.stringify), throws an error that names it. Property reads return
    // further stand-ins rather than throwing, because QJSEngine loses exceptions thrown by a
    // Proxy's get trap during a method call.
    function missing(name) {
        return new Proxy(function () {}, {
            get: function (target, key) {
                if (typeof key !== 'string' || key === 'toString' || key === 'valueOf')
                    return function () { return '[unsupported ' + name + ']'; };
                return missing(name + '.' + key);
            },
            apply: function () { throw unsupported(name); },
            construct: function () { throw unsupported(name); }
        });
    }

    function describe(e) {
        if (e instanceof AssertionError) return e.message;
        if (e && e.name && e.message !== undefined) return e.name + ': ' + e.message;
        return String(e);
    }

    global.__bbSession = function (host, ctx) {
        var results = [];
        var asyncTests = [];
        var pending = [];
        var nextId = 1;
        var legacyTests = {};

        function record(name, passed, error, skipped) {
            results.push({ name: String(name), passed: passed, error: error || '',
                           skipped: !!skipped });
        }

        function test(name, fn) {
            if (typeof fn !== 'function') {
                record(name, false, 'pm.test needs a function');
                return;
            }
            if (fn.length > 0) { // an async test: done(err?) ends it
                var entry = { name: name, finished: false };
                asyncTests.push(entry);
                var done = function (err) {
                    if (entry.finished) return;
                    entry.finished = true;
                    record(name, !err, err ? describe(err) : '');
                };
                try { fn(done); } catch (e) { done(e || new Error('error')); }
                return;
            }
            try {
                fn();
                record(name, true);
            } catch (e) {
                record(name, false, describe(e));
            }
        }
        test.skip = function (name) { record(name, true, '', true); };

        var request = makeRequest(ctx.request);
        var response = ctx.response ? makeResponse(ctx.response) : undefined;

        var consoleObj = {};
        ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
            consoleObj[level] = function () {
                host.log(level, Array.prototype.map.call(arguments, function (a) {
                    return typeof a === 'string' ? a : chai.inspect(a);
                }).join(' '));
            };
        });

        function sendRequest(req, callback) {
            var r = typeof req === 'string' ? { url: req } : (req || {});
            var headers = [];
            var h = r.header || r.headers;
            if (Array.isArray(h)) headers = h.map(function (x) { return { key: x.key, value: String(x.value) }; });
            else if (h && typeof h === 'object') headers = Object.keys(h).map(function (k) { return { key: k, value: String(h[k]) }; });
            var body = '';
            if (r.body) {
                if (typeof r.body === 'string') body = r.body;
                else if (r.body.mode === 'raw') body = String(r.body.raw || '');
                else if (r.body.mode === 'urlencoded' && Array.isArray(r.body.urlencoded))
                    body = r.body.urlencoded.map(function (f) {
                        return encodeURIComponent(f.key) + '=' + encodeURIComponent(f.value);
                    }).join('&');
            }
            pending.push({ id: nextId++, callback: callback,
                           request: { url: String(r.url), method: String(r.method || 'GET').toUpperCase(),
                                      headers: headers, body: body } });
        }

        function setNextRequest(name) { host.setNextRequest(name === undefined ? null : name); }

        var pm = {
            test: test,
            expect: chai.expect,
            environment: scope(host, 'environment'),
            collectionVariables: scope(host, 'collection'),
            globals: scope(host, 'global'),
            iterationData: scope(host, 'data', true),
            variables: scope(host, 'any'),
            request: request,
            response: response,
            info: { requestName: ctx.requestName, iteration: ctx.iteration,
                    iterationCount: ctx.iterationCount, eventName: ctx.eventName,
                    requestId: ctx.requestName },
            sendRequest: sendRequest,
            execution: { setNextRequest: setNextRequest,
                         skipRequest: function () { host.skipRequest(); } }
        };
        ['cookies', 'vault', 'visualizer', 'require'].forEach(function (name) {
            Object.defineProperty(pm, name, { get: function () { throw unsupported('pm.' + name); } });
        });
        pm.environment.name = host.environmentName();
        // pm.variables.set and unset act on the Local scope, as in Postman.
        pm.variables.set = function (key, value) { host.varSet('local', String(key), stringify(value)); };
        pm.variables.unset = function (key) { host.varUnset('local', String(key)); };

        var postman = {
            setEnvironmentVariable: function (k, v) { pm.environment.set(k, v); },
            getEnvironmentVariable: function (k) { return pm.environment.get(k); },
            clearEnvironmentVariable: function (k) { pm.environment.unset(k); },
            clearEnvironmentVariables: function () { pm.environment.clear(); },
            setGlobalVariable: function (k, v) { pm.globals.set(k, v); },
            getGlobalVariable: function (k) { return pm.globals.get(k); },
            clearGlobalVariable: function (k) { pm.globals.unset(k); },
            clearGlobalVariables: function () { pm.globals.clear(); },
            getResponseHeader: function (k) { return response ? response.headers.get(k) : undefined; },
            setNextRequest: setNextRequest
        };

        var lodash = {
            has: function (o, path) { return o !== null && o !== undefined && jsonPath(o, path).found; },
            get: function (o, path, dflt) {
                var at = o === null || o === undefined ? { found: false } : jsonPath(o, path);
                return at.found && at.value !== undefined ? at.value : dflt;
            },
            isEqual: chai.deepEqual,
            isEmpty: function (v) {
                if (v === null || v === undefined) return true;
                if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
                if (typeof v === 'object') return Object.keys(v).length === 0;
                return true;
            },
            isArray: Array.isArray,
            isObject: function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function'); },
            isString: function (v) { return typeof v === 'string'; },
            isNumber: function (v) { return typeof v === 'number'; },
            isFunction: function (v) { return typeof v === 'function'; },
            keys: function (o) { return Object.keys(o || {}); },
            values: function (o) { return Object.keys(o || {}).map(function (k) { return o[k]; }); },
            size: function (v) { return Array.isArray(v) || typeof v === 'string' ? v.length : Object.keys(v || {}).length; },
            each: function (c, fn) {
                if (Array.isArray(c)) c.forEach(fn);
                else Object.keys(c || {}).forEach(function (k) { fn(c[k], k, c); });
                return c;
            },
            map: function (c, fn) {
                return Array.isArray(c) ? c.map(fn)
                                        : Object.keys(c || {}).map(function (k) { return fn(c[k], k, c); });
            },
            filter: function (c, fn) { return (c || []).filter(fn); },
            find: function (c, fn) { return (c || []).find(fn); },
            includes: function (c, v) {
                return typeof c === 'string' ? c.indexOf(v) !== -1
                                             : (Array.isArray(c) ? c : lodash.values(c)).indexOf(v) !== -1;
            },
            uniq: function (a) { return a.filter(function (x, i) { return a.indexOf(x) === i; }); },
            random: function (lo, hi) { return lo + Math.floor(Math.random() * (hi - lo + 1)); }
        };
        lodash.forEach = lodash.each;
        lodash.contains = lodash.includes;

        function Buffer(text, encoding) { this._text = text; this._encoding = encoding || 'utf8'; }
        Buffer.from = function (v, encoding) {
            return v instanceof Buffer ? new Buffer(v._text, v._encoding) : new Buffer(String(v), encoding);
        };
        Buffer.prototype.toString = function (encoding) {
            return host.convert(this._text, this._encoding, encoding || 'utf8');
        };

        var responseCode = response ? { code: response.code, name: response.status, detail: response.status }
                                    : { code: 0, name: '', detail: '' };
        var sandbox = {
            pm: pm, postman: postman, console: consoleObj, tests: legacyTests,
            responseBody: response && !ctx.response.bodyError ? response.text() : '',
            responseCode: responseCode,
            responseHeaders: response ? response.headers.toObject() : {},
            responseTime: response ? response.responseTime : 0,
            request: { url: String(request.url), method: request.method,
                       headers: request.headers.toObject(), data: (ctx.request.body || {}).raw || '' },
            environment: pm.environment.toObject(), globals: pm.globals.toObject(),
            data: pm.iterationData.toObject(), iteration: ctx.iteration,
            _: lodash, Buffer: Buffer,
            btoa: function (s) { return host.convert(String(s), 'latin1', 'base64'); },
            atob: function (s) { return host.convert(String(s), 'base64', 'latin1'); },
            require: function (name) { throw unsupported("require('" + name + "')"); }
        };
        ['CryptoJS', 'tv4', 'xml2Json', 'cheerio', 'setTimeout', 'setInterval'].forEach(function (name) {
            sandbox[name] = missing(name);
        });
        // The legacy responseBody is a parameter of the user's function, so it cannot fail when
        // read; for a body too big for scripts it is left out and a global getter that throws
        // takes its place (removed with the run's other globals by __bbResetGlobals).
        if (ctx.response && ctx.response.bodyError) {
            delete sandbox.responseBody;
            Object.defineProperty(global, 'responseBody', {
                configurable: true, get: function () { return bodyOf(ctx.response); }
            });
        }
        var names = Object.keys(sandbox);

        return {
            names: names,
            args: names.map(function (n) { return sandbox[n]; }),
            nextPending: function () { return pending.length ? pending[0] : null; },
            // Runs the callback of the oldest pending pm.sendRequest; its errors propagate.
            deliver: function (id, error, data) {
                var p = pending.shift();
                if (!p || p.id !== id || typeof p.callback !== 'function') return;
                p.callback(error ? new Error(error) : null, data ? makeResponse(data) : undefined);
            },
            finish: function () {
                asyncTests.forEach(function (t) {
                    if (!t.finished) record(t.name, false, 'the test did not call done()');
                });
                Object.keys(legacyTests).forEach(function (k) {
                    var v = legacyTests[k];
                    record(k, !!v, v ? '' : 'tests["' + k + '"] was ' + chai.inspect(v));
                });
                return { tests: results, request: requestData(request) };
            }
        };
    };

    // Scripts that assign to undeclared names create globals; Postman gives every script a
    // fresh context, so they are removed after each run (see script_engine.cpp).
    var baseline = {};
    Object.getOwnPropertyNames(global).forEach(function (n) { baseline[n] = true; });
    baseline.__bbResetGlobals = true;
    global.__bbResetGlobals = function () {
        Object.getOwnPropertyNames(global).forEach(function (n) {
            if (!baseline[n]) delete global[n];
        });
    };
})(this);
