// A subset of chai's BDD `expect` (https://www.chaijs.com/api/bdd/) for pm.expect: the chains,
// assertions and failure messages Postman collections use. Loaded once per QJSEngine; defines
// the global __bbChai = { expect, AssertionError, inspect }.
(function (global) {
    'use strict';

    function AssertionError(message) {
        this.name = 'AssertionError';
        this.message = message;
    }
    AssertionError.prototype = Object.create(Error.prototype);
    AssertionError.prototype.constructor = AssertionError;
    AssertionError.prototype.toString = function () { return this.name + ': ' + this.message; };

    function typeOf(v) {
        if (v === null) return 'null';
        if (Array.isArray(v)) return 'array';
        if (v instanceof RegExp) return 'regexp';
        if (v instanceof Date) return 'date';
        return typeof v;
    }

    // chai's objDisplay: short values in full, long objects and arrays summarised.
    function inspectFull(v, depth) {
        switch (typeOf(v)) {
        case 'string': return "'" + v + "'";
        case 'undefined': return 'undefined';
        case 'null': return 'null';
        case 'function': return '[Function' + (v.name ? ': ' + v.name : '') + ']';
        case 'regexp': return String(v);
        case 'date': return v.toISOString();
        case 'number': return Object.is(v, -0) ? '-0' : String(v);
        case 'array':
            if (depth > 2) return '[Array]';
            return v.length === 0 ? '[]'
                                  : '[ ' + v.map(function (x) { return inspectFull(x, depth + 1); })
                                               .join(', ') + ' ]';
        case 'object': {
            if (depth > 2) return '[Object]';
            var keys = Object.keys(v);
            if (keys.length === 0) return '{}';
            return '{ ' + keys.map(function (k) {
                var name = /^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'";
                return name + ': ' + inspectFull(v[k], depth + 1);
            }).join(', ') + ' }';
        }
        default: return String(v);
        }
    }
    function inspect(v) {
        var s = inspectFull(v, 0);
        if (s.length < 40) return s;
        var t = typeOf(v);
        if (t === 'array') return '[ Array(' + v.length + ') ]';
        if (t === 'object') {
            var keys = Object.keys(v);
            return '{ Object (' + keys.slice(0, 2).join(', ') + (keys.length > 2 ? ', ...' : '') +
                   ') }';
        }
        return s;
    }

    function deepEqual(a, b) {
        if (a === b) return a !== 0 || 1 / a === 1 / b;
        if (typeof a === 'number' && typeof b === 'number') return a !== a && b !== b; // NaN
        var ta = typeOf(a), tb = typeOf(b);
        if (ta !== tb) return false;
        if (ta === 'date') return a.getTime() === b.getTime();
        if (ta === 'regexp') return String(a) === String(b);
        if (ta === 'array') {
            if (a.length !== b.length) return false;
            for (var i = 0; i < a.length; ++i)
                if (!deepEqual(a[i], b[i])) return false;
            return true;
        }
        if (ta === 'object') {
            var ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
            if (!deepEqual(ka, kb)) return false;
            for (var j = 0; j < ka.length; ++j)
                if (!deepEqual(a[ka[j]], b[ka[j]])) return false;
            return true;
        }
        return false;
    }

    function article(type) { return /^[aeiou]/.test(type) ? 'an ' : 'a '; }

    function Assertion(obj, message) {
        // Every flag lives in one shared object, so a chainable method (a function whose
        // prototype is this assertion) reads and writes the same state.
        this.__f = { obj: obj, message: message, negate: false, deep: false, contains: false,
                     any: false };
    }

    // Passes when cond (negated by `not`); else throws with the message for the direction asked.
    Assertion.prototype.assert = function (cond, msg, negMsg, expected, actual) {
        var f = this.__f;
        if (f.negate ? !cond : cond) return;
        var text = (f.negate ? negMsg : msg)
                       .replace(/#\{this\}/g, function () { return inspect(f.obj); })
                       .replace(/#\{exp\}/g, function () { return inspect(expected); })
                       .replace(/#\{act\}/g, function () { return inspect(actual); });
        throw new AssertionError(f.message ? f.message + ': ' + text : text);
    };

    ['to', 'be', 'been', 'is', 'that', 'which', 'and', 'has', 'have', 'with', 'at', 'of', 'same',
     'does', 'still', 'but'].forEach(function (word) {
        Object.defineProperty(Assertion.prototype, word, { get: function () { return this; } });
    });
    function flag(name, key) {
        Object.defineProperty(Assertion.prototype, name, {
            get: function () { this.__f[key] = true; return this; } });
    }
    flag('not', 'negate');
    flag('deep', 'deep');
    flag('any', 'any');
    Object.defineProperty(Assertion.prototype, 'all', { get: function () { return this; } });

    function method(names, fn) {
        names.forEach(function (n) { Assertion.prototype[n] = fn; });
    }
    // A chainable method works both as `.include(x)` and as a chain (`.include.keys('a')`).
    function chainable(names, fn, onChain) {
        names.forEach(function (n) {
            Object.defineProperty(Assertion.prototype, n, {
                get: function () {
                    var self = this;
                    if (onChain) onChain.call(self);
                    var call = function () { return fn.apply(self, arguments); };
                    Object.setPrototypeOf(call, self);
                    return call;
                } });
        });
    }
    function property(names, check) {
        names.forEach(function (n) {
            Object.defineProperty(Assertion.prototype, n, {
                get: function () { check.call(this); return this; } });
        });
    }

    function equal(expected) {
        var o = this.__f.obj;
        if (this.__f.deep)
            return this.assert(deepEqual(o, expected), 'expected #{this} to deeply equal #{exp}',
                               'expected #{this} to not deeply equal #{exp}', expected), this;
        this.assert(o === expected, 'expected #{this} to equal #{exp}',
                    'expected #{this} to not equal #{exp}', expected);
        return this;
    }
    method(['equal', 'equals', 'eq'], equal);
    method(['eql', 'eqls'], function (expected) {
        this.assert(deepEqual(this.__f.obj, expected), 'expected #{this} to deeply equal #{exp}',
                    'expected #{this} to not deeply equal #{exp}', expected);
        return this;
    });

    function include(value) {
        var o = this.__f.obj, t = typeOf(o), deep = this.__f.deep, found = false;
        if (t === 'string') {
            found = o.indexOf(String(value)) !== -1;
        } else if (t === 'array') {
            found = o.some(function (x) { return deep ? deepEqual(x, value) : x === value; });
        } else if (t === 'object' && typeOf(value) === 'object') {
            found = Object.keys(value).every(function (k) {
                return k in o && (deep ? deepEqual(o[k], value[k]) : o[k] === value[k]);
            });
        } else if (t === 'object') {
            found = Object.keys(o).some(function (k) { return o[k] === value; });
        } else {
            throw new AssertionError('object tested must be an array, a map, an object, a set, ' +
                                     'a string, or a weakset, but ' + t + ' given');
        }
        this.assert(found, 'expected #{this} to ' + (deep ? 'deep ' : '') + 'include #{exp}',
                    'expected #{this} to not ' + (deep ? 'deep ' : '') + 'include #{exp}',
                    value);
        return this;
    }
    chainable(['include', 'includes', 'contain', 'contains'], include,
              function () { this.__f.contains = true; });

    function typeCheck(type) {
        type = String(type).toLowerCase();
        this.assert(typeOf(this.__f.obj) === type,
                    'expected #{this} to be ' + article(type) + type,
                    'expected #{this} not to be ' + article(type) + type);
        return this;
    }
    chainable(['a', 'an'], typeCheck);

    function numeric(self, name) {
        var o = self.__f.obj;
        if (typeof o !== 'number' && !(o instanceof Date))
            throw new AssertionError('expected ' + inspect(o) + ' to be a number or a date');
    }
    function compare(test, word, negWord) {
        return function (n) {
            numeric(this, word);
            this.assert(test(this.__f.obj, n), 'expected #{this} to be ' + word + ' #{exp}',
                        'expected #{this} to be ' + negWord + ' #{exp}', n);
            return this;
        };
    }
    method(['above', 'gt', 'greaterThan'],
           compare(function (a, b) { return a > b; }, 'above', 'at most'));
    method(['below', 'lt', 'lessThan'],
           compare(function (a, b) { return a < b; }, 'below', 'at least'));
    method(['least', 'gte', 'greaterThanOrEqual'],
           compare(function (a, b) { return a >= b; }, 'at least', 'below'));
    method(['most', 'lte', 'lessThanOrEqual'],
           compare(function (a, b) { return a <= b; }, 'at most', 'above'));
    method(['within'], function (lo, hi) {
        numeric(this, 'within');
        var o = this.__f.obj;
        this.assert(o >= lo && o <= hi, 'expected #{this} to be within ' + lo + '..' + hi,
                    'expected #{this} to not be within ' + lo + '..' + hi);
        return this;
    });

    method(['property', 'haveOwnProperty', 'ownProperty'], function (name, value) {
        var o = this.__f.obj;
        var has = o !== null && o !== undefined && name in Object(o);
        if (arguments.length > 1) {
            var actual = has ? o[name] : undefined;
            var same = this.__f.deep ? deepEqual(actual, value) : actual === value;
            this.assert(has && same,
                        'expected #{this} to have property \'' + name + '\' of #{exp}, but got #{act}',
                        'expected #{this} to not have property \'' + name + '\' of #{act}', value,
                        actual);
        } else {
            this.assert(has, 'expected #{this} to have property \'' + name + '\'',
                        'expected #{this} to not have property \'' + name + '\'');
        }
        // Like chai, the assertion goes on with the property's value.
        if (has && !this.__f.negate) this.__f.obj = o[name];
        return this;
    });

    method(['lengthOf', 'length'], function (n) {
        var o = this.__f.obj;
        if (o === null || o === undefined || o.length === undefined)
            throw new AssertionError('expected ' + inspect(o) + ' to have property \'length\'');
        this.assert(o.length === n, 'expected #{this} to have a length of #{exp} but got #{act}',
                    'expected #{this} to not have a length of #{act}', n, o.length);
        return this;
    });

    property(['ok'], function () {
        this.assert(!!this.__f.obj, 'expected #{this} to be truthy', 'expected #{this} to be falsy');
    });
    property(['true'], function () {
        this.assert(this.__f.obj === true, 'expected #{this} to be true',
                    'expected #{this} to be false');
    });
    property(['false'], function () {
        this.assert(this.__f.obj === false, 'expected #{this} to be false',
                    'expected #{this} to be true');
    });
    property(['null'], function () {
        this.assert(this.__f.obj === null, 'expected #{this} to be null',
                    'expected #{this} not to be null');
    });
    property(['undefined'], function () {
        this.assert(this.__f.obj === undefined, 'expected #{this} to be undefined',
                    'expected #{this} not to be undefined');
    });
    property(['NaN'], function () {
        this.assert(this.__f.obj !== this.__f.obj, 'expected #{this} to be NaN',
                    'expected #{this} not to be NaN');
    });
    property(['exist', 'exists'], function () {
        var o = this.__f.obj;
        this.assert(o !== null && o !== undefined, 'expected #{this} to exist',
                    'expected #{this} to not exist');
    });
    property(['empty'], function () {
        var o = this.__f.obj, t = typeOf(o), n;
        if (t === 'string' || t === 'array') n = o.length;
        else if (t === 'object') n = Object.keys(o).length;
        else throw new AssertionError('.empty was passed non-string primitive ' + inspect(o));
        this.assert(n === 0, 'expected #{this} to be empty', 'expected #{this} not to be empty');
    });

    method(['match', 'matches'], function (re) {
        this.assert(re.test(this.__f.obj), 'expected #{this} to match ' + re,
                    'expected #{this} not to match ' + re);
        return this;
    });
    method(['string'], function (s) {
        this.assert(String(this.__f.obj).indexOf(s) !== -1,
                    'expected #{this} to contain #{exp}', 'expected #{this} to not contain #{exp}',
                    s);
        return this;
    });
    method(['oneOf'], function (list) {
        var o = this.__f.obj, deep = this.__f.deep;
        var found = list.some(function (x) { return deep ? deepEqual(x, o) : x === o; });
        this.assert(found, 'expected #{this} to be one of #{exp}',
                    'expected #{this} to not be one of #{exp}', list);
        return this;
    });

    function keyList(keys) {
        var quoted = keys.map(function (k) { return "'" + k + "'"; });
        if (quoted.length === 1) return 'key ' + quoted[0];
        return 'keys ' + quoted.slice(0, -1).join(', ') + ', and ' + quoted[quoted.length - 1];
    }
    method(['keys', 'key'], function () {
        var keys = arguments.length === 1 && Array.isArray(arguments[0])
                       ? arguments[0]
                       : Array.prototype.slice.call(arguments);
        if (arguments.length === 1 && typeOf(arguments[0]) === 'object')
            keys = Object.keys(arguments[0]);
        var o = this.__f.obj, actual = o === null || o === undefined ? [] : Object.keys(o);
        var present = keys.filter(function (k) { return actual.indexOf(String(k)) !== -1; });
        var ok;
        if (this.__f.any) ok = present.length > 0;
        else if (this.__f.contains) ok = present.length === keys.length;
        else ok = present.length === keys.length && actual.length === keys.length;
        var verb = this.__f.any ? 'have any of ' : this.__f.contains ? 'contain ' : 'have ';
        this.assert(ok, 'expected #{this} to ' + verb + keyList(keys),
                    'expected #{this} to not ' + verb + keyList(keys));
        return this;
    });

    method(['instanceof', 'instanceOf'], function (ctor) {
        this.assert(this.__f.obj instanceof ctor,
                    'expected #{this} to be an instance of ' + (ctor.name || 'the constructor'),
                    'expected #{this} to not be an instance of ' + (ctor.name || 'the constructor'));
        return this;
    });

    method(['members'], function (list) {
        var o = this.__f.obj, deep = this.__f.deep;
        var has = function (x) {
            return o.some(function (y) { return deep ? deepEqual(x, y) : x === y; });
        };
        var ok = list.every(has) && (this.__f.contains || o.length === list.length);
        this.assert(ok, 'expected #{this} to have the same members as #{exp}',
                    'expected #{this} to not have the same members as #{exp}', list);
        return this;
    });

    method(['satisfy', 'satisfies'], function (fn) {
        this.assert(!!fn(this.__f.obj), 'expected #{this} to satisfy the given function',
                    'expected #{this} to not satisfy the given function');
        return this;
    });

    function expect(value, message) { return new Assertion(value, message); }
    expect.fail = function (message) { throw new AssertionError(message || 'expect.fail()'); };

    global.__bbChai = { expect: expect, Assertion: Assertion, AssertionError: AssertionError,
                        inspect: inspect, deepEqual: deepEqual, typeOf: typeOf };
})(this);
