// The objects pass: rewrites a function that uses objects, tuples, class instances or arrays of
// objects into one that uses only numbers and arrays, which the core differentiates (scalar
// replacement of aggregates). Contract: the flattened function computes what the original does;
// a structured parameter becomes one parameter per leaf (p.w -> p_w, p.layers[i].W ->
// p_layers_W[i]); methods and getters become functions taking the instance's leaves first
// (model.forward(x) -> Model_forward(model_l1_W, …, x)). Objects the function builds (literals,
// spreads) become locals per leaf. What cannot be flattened soundly is a compile error (ADC18x):
// an object used as a whole value, a number field of an argument assigned, dynamic keys.
import * as t from "@babel/types";
import type { Binding, NodePath } from "@babel/traverse";
import type { Reporter } from "../../errors.js";
import type { FunctionNode, ModuleInfo } from "../../analyze/module.js";
import { paramsOf } from "../../analyze/module.js";
import { Namer } from "../../names.js";
import { copyWithPositions, traverse } from "../../source.js";
import { ARRAYISH, chainFrom, fieldName, useAt, Use, type Step } from "./collect.js";
import type { Declared } from "./declared.js";
import { expandPatterns, isChain, normalizeInnerParams, normalizeParams, replaceThis } from "./normalize.js";
import { leaf, leafName, leavesOf, obj, type Leaf, type ObjShape, type Shape } from "./shape.js";
import { namedView, pathKey, subView, type View } from "./views.js";

export interface FlatParam {
  name: string;
  /** The original parameter this one comes from. */
  orig: number;
  /** The leaf of that parameter, or null when the parameter is passed as it is. */
  leaf: Leaf | null;
}

export interface Flat {
  /** The name of the flattened function in the module's function table. */
  name: string;
  node: t.FunctionDeclaration;
  params: FlatParam[];
  /** Per original parameter: its shape when structured. */
  shapes: (Shape | null)[];
  /** The signature changed (or it is a method): callers call `name`, and its code is emitted. */
  changed: boolean;
}

/** opt: an optional step (p.extra?.v) was crossed, so the next member read of the leaf is optional too. */
type Resolved = { view: View; opt?: boolean } | { expr: t.Expression; opt?: boolean } | null;

export class ObjectsPass {
  private done = new Map<string, Flat>();
  private active = new Set<string>();

  constructor(
    readonly module: ModuleInfo,
    readonly declared: Declared,
    readonly rep: Reporter,
    readonly namer: Namer,
  ) {}

  /** The flattened form of a module function, or of a class member ("Cls.m"), once. */
  fn(key: string): Flat | null {
    const hit = this.done.get(key);
    if (hit) return hit;
    if (this.active.has(key)) return null; // recursion: the caller sees the shapes known so far
    const src = this.source(key);
    if (!src) return null;
    this.active.add(key);
    try {
      const ff = new FunctionFlattener(this, key, src.node, src.self);
      let flat = ff.run();
      // a function that uses no objects is analysed from its source, as before
      if (!ff.touched) flat = { ...flat, node: src.node as t.FunctionDeclaration };
      else this.module.functions.set(flat.name, flat.node);
      this.done.set(key, flat);
      return flat;
    } finally {
      this.active.delete(key);
    }
  }

  /** Is this function being flattened now (so a call to it is recursive)? */
  isActive(key: string): boolean {
    return this.active.has(key);
  }

  /** Flattened functions whose code must be emitted (their signature differs from the source). */
  emitted(): Flat[] {
    return [...this.done.values()].filter((f) => f.changed);
  }

  private source(key: string): { node: FunctionNode | t.ClassMethod; self: string | null } | null {
    const dot = key.indexOf(".");
    if (dot < 0) {
      const node = this.module.functions.get(key);
      return node ? { node, self: null } : null;
    }
    const cls = this.declared.classes.get(key.slice(0, dot));
    const m = key.slice(dot + 1);
    const node = cls?.methods.get(m) ?? cls?.getters.get(m);
    return node ? { node, self: cls!.name } : null;
  }
}

class FunctionFlattener {
  private namer: Namer;
  private uses = new Map<Binding, Use>();
  private declaredShape = new Map<Binding, Shape>();
  /** const l = <chain> and for (const l of <chain>): l is a view into the chain's value. */
  private aliases: { binding: Binding; source: Binding; steps: Step[]; each: boolean }[] = [];
  private shapes = new Map<Binding, Shape>();
  private views = new Map<Binding, View>();
  private structured = new Set<Binding>();
  private spreads: { into: Use; arg: t.Expression; at: NodePath }[] = [];
  /**
   * { l: p.l } and { ...p }: the literal's part at `path` is read from a chain into another value,
   * so that value must have every leaf the literal's part has (also leaves only helpers read).
   */
  private links: { b: Binding; path: string[]; arg: t.Expression; at: NodePath; spread: boolean }[] = [];
  /**
   * Objects passed to local functions and IIFEs (h(p) with const h = (o) => …): the parameter o is
   * flattened like a helper's (one parameter per leaf) and the call passes p's leaves.
   */
  private localPassed: { param: Binding; source: Binding; steps: Step[] }[] = [];
  /** Per call of a local function: its parameters' bindings (null where not a plain name). */
  private localCalls = new Map<t.Node, { fn: t.Function; params: (Binding | null)[] }>();
  /** Values passed to methods (o.m(p)): they get the leaves the method reads from that parameter. */
  private methodArgs: { call: NodePath<t.CallExpression>; index: number }[] = [];
  /** Local functions whose parameters were replaced by leaves already. */
  private flatLocals = new Set<t.Function>();
  /** Bindings of references, found before the rewrite removes alias declarations (and with them, bindings). */
  private refs = new Map<t.Node, Binding>();
  private fnPath!: NodePath<t.FunctionDeclaration>;
  private node: t.FunctionDeclaration;
  /** Anything rewritten: if not, the module keeps the source function as it is. */
  touched = false;

  constructor(
    private pass: ObjectsPass,
    private key: string,
    source: FunctionNode | t.ClassMethod,
    private self: string | null,
  ) {
    this.namer = new Namer(pass.module.names);
    const clone = copyWithPositions;
    const body = source.body.type === "BlockStatement" ? clone(source.body) : t.blockStatement([t.returnStatement(clone(source.body))]);
    const params = (source.type === "ClassMethod" ? source.params : paramsOf(source)).map((p) => clone(p)) as t.FunctionDeclaration["params"];
    this.touched = !!self || params.some((p) => p.type === "ObjectPattern" || p.type === "ArrayPattern");
    if (self) {
      replaceThis(body, (this.self = this.namer.fresh("self")));
      const selfId = t.identifier(this.self);
      selfId.typeAnnotation = t.tsTypeAnnotation(t.tsTypeReference(t.identifier(self)));
      params.unshift(selfId);
    }
    this.node = t.functionDeclaration(t.identifier(key.replace(".", "_")), params, body);
    this.node.loc = source.loc;
    this.node.returnType = source.returnType as t.TSTypeAnnotation | null;
    normalizeParams(this.node, this.namer);
    normalizeInnerParams(this.node.body, this.namer);
    if (expandPatterns(this.node.body, this.namer, pass.rep)) this.touched = true;
  }

  run(): Flat {
    const file = t.file(t.program([this.node]));
    traverse(file, {
      Program: (p) => {
        this.fnPath = p.get("body.0") as NodePath<t.FunctionDeclaration>;
      },
    });
    this.collect();
    this.resolve();
    this.rewrite();
    return this.finish();
  }

  private rep() {
    return this.pass.rep;
  }

  private use(b: Binding): Use {
    let u = this.uses.get(b);
    if (!u) this.uses.set(b, (u = new Use()));
    return u;
  }

  private own(b: Binding | undefined): b is Binding {
    return !!b && b.scope !== this.fnPath.scope.parent && b.kind !== "module";
  }

  // ------------------------------------------------------------------ collect
  private collect(): void {
    const params = this.fnPath.get("params");
    params.forEach((p) => {
      const id = (p.isAssignmentPattern() ? p.get("left") : p) as NodePath<t.Identifier>;
      const b = this.fnPath.scope.getOwnBinding(id.node.name);
      const ann = id.node.typeAnnotation?.type === "TSTypeAnnotation" ? id.node.typeAnnotation.typeAnnotation : null;
      if (b && ann) this.declaredShape.set(b, this.pass.declared.shapeOf(ann));
    });
    this.fnPath.traverse({
      // parameters of local functions and callbacks: their declared types, as for f's own
      Function: (fp) => {
        for (const p of fp.node.params) {
          const ann = p.type === "Identifier" && p.typeAnnotation?.type === "TSTypeAnnotation" ? p.typeAnnotation.typeAnnotation : null;
          const b = ann ? fp.scope.getOwnBinding((p as t.Identifier).name) : undefined;
          if (b && ann) this.declaredShape.set(b, this.pass.declared.shapeOf(ann));
        }
      },
      CallExpression: (cp) => {
        const fn = this.localFunction(cp);
        if (fn) this.localCalls.set(cp.node, { fn: fn.node, params: fn.node.params.map((p) => (p.type === "Identifier" ? fn.scope.getOwnBinding(p.name) ?? null : null)) });
      },
    });
    this.fnPath.traverse({
      ReferencedIdentifier: (idp) => {
        if (idp.node.type !== "Identifier") return;
        const b = idp.scope.getBinding(idp.node.name);
        if (!this.own(b)) return;
        this.refs.set(idp.node, b);
        const ch = chainFrom(idp as NodePath<t.Identifier>, b);
        const parent = ch.path.parentPath!;
        let steps = ch.steps;
        const pn = parent.node;
        // p.l1.forward(x): the last step names a method
        if (pn.type === "CallExpression" && pn.callee === ch.path.node && steps.length && "name" in steps[steps.length - 1]) {
          const m = (steps[steps.length - 1] as { name: string }).name;
          steps = steps.slice(0, -1);
          const at = useAt(this.use(b), steps, this.declaredShape.get(b) ?? null);
          at.calls.add(m);
          if (!at.callSites.has(m)) at.callSites.set(m, pn);
          // layers.reduce((h, l) => l.forward(h), x): l views one element, as in a for…of loop
          const elem = elementParam(parent as NodePath<t.CallExpression>, m);
          if (elem) {
            const lb = elem.scope.getBinding((elem.node as t.Identifier).name);
            if (lb) this.alias(lb, b, steps, true);
            at.length = true;
          }
          return;
        }
        const u = useAt(this.use(b), steps, this.declaredShape.get(b) ?? null);
        if ((pn.type === "MemberExpression" || pn.type === "OptionalMemberExpression") && pn.object === ch.path.node && !pn.computed && (pn.property as t.Identifier).name === "length") u.length = true;
        if (pn.type === "CallExpression" && pn.callee.type === "Identifier" && pn.arguments.includes(ch.path.node) && this.isModuleFn(parent, pn.callee.name)) {
          u.passed.push({ callee: pn.callee.name, param: pn.arguments.indexOf(ch.path.node) });
        }
        if (pn.type === "CallExpression" && pn.arguments.includes(ch.path.node) && (pn.callee.type === "MemberExpression" || pn.callee.type === "OptionalMemberExpression") && !pn.callee.computed) {
          this.methodArgs.push({ call: parent as NodePath<t.CallExpression>, index: pn.arguments.indexOf(ch.path.node) });
        }
        const local = pn.type === "CallExpression" && pn.arguments.includes(ch.path.node) ? this.localCalls.get(pn) : undefined;
        const lp = local?.params[pn.type === "CallExpression" ? pn.arguments.indexOf(ch.path.node) : -1];
        if (lp) this.localPassed.push({ param: lp, source: b, steps });
        if (pn.type === "VariableDeclarator" && pn.init === ch.path.node && pn.id.type === "Identifier") {
          const lb = parent.scope.getBinding(pn.id.name);
          if (lb) this.alias(lb, b, steps, false);
        }
        if (pn.type === "ForOfStatement" && pn.right === ch.path.node && pn.left.type === "VariableDeclaration") {
          const id = pn.left.declarations[0].id;
          const lb = id.type === "Identifier" ? (parent.get("body") as NodePath).scope.getBinding(id.name) : undefined;
          if (lb) this.alias(lb, b, steps, true);
          u.length = true; // the index loop it becomes runs to the array's length
        }
      },
      VariableDeclarator: (d) => {
        const init = d.node.init;
        if (init?.type === "ObjectExpression" && d.node.id.type === "Identifier") {
          const b = d.scope.getBinding(d.node.id.name);
          if (b) this.literal(this.use(b), init, d, b, []);
        }
      },
      AssignmentExpression: (a) => {
        if (a.node.right.type === "ObjectExpression" && a.node.left.type === "Identifier") {
          const b = a.scope.getBinding(a.node.left.name);
          if (this.own(b)) this.literal(this.use(b), a.node.right, a, b, []);
        }
      },
    });
    // { ...q, b }: the fields read from the new object are read from q
    for (const sp of this.spreads) {
      const steps: Step[] = [];
      let e: t.Node = sp.arg;
      while (e.type === "MemberExpression") {
        steps.unshift(!e.computed ? { name: (e.property as t.Identifier).name } : e.property.type === "StringLiteral" ? { name: e.property.value } : { index: e.property as t.Expression });
        e = e.object;
      }
      const b = e.type === "Identifier" ? sp.at.scope.getBinding(e.name) : undefined;
      if (!this.own(b)) return this.rep().error("ADC186", sp.arg, "spread of a value adc cannot see field by field: spread a parameter, a local object or a part of one");
      const target = useAt(this.use(b), steps, this.declaredShape.get(b) ?? null);
      // a field the source's type does not declare is not read from it (it would override with undefined)
      const declared = declaredAt(this.declaredShape.get(b) ?? null, steps);
      for (const [k, f] of sp.into.fields) if (declared?.t !== "obj" || declared.fields.has(k)) target.field(k).absorb(withoutLiteral(f));
    }
    // an alias's uses are uses of what it views (innermost aliases first)
    for (const a of [...this.aliases].reverse()) {
      const at = useAt(this.use(a.source), a.steps, this.declaredShape.get(a.source) ?? null);
      const u = this.uses.get(a.binding);
      if (u) (a.each ? at.elem() : at).absorb(u);
    }
    // what a local function reads from its object parameter is read from the objects passed to it
    // (through aliases, to what they view); repeated so that parameters passed on are seen
    for (let round = 0; round <= this.localPassed.length; round++) {
      for (const lp of this.localPassed) {
        const u = this.uses.get(lp.param);
        if (u) this.useThrough(lp.source, lp.steps).absorb(u);
      }
    }
  }

  /** The use node of b at steps, where b's uses are recorded: b's own, or what its aliases view. */
  private useThrough(b: Binding, steps: Step[]): Use {
    const a = this.aliases.find((x) => x.binding === b);
    if (!a) return useAt(this.use(b), steps, this.declaredShape.get(b) ?? null);
    const base = this.useThrough(a.source, a.steps);
    return useAt(a.each ? base.elem() : base, steps, this.declaredShape.get(b) ?? null);
  }

  /** The local function a call calls: an IIFE, or a name bound here to a function (const h = (o) => …; function h(o) {…}). */
  private localFunction(cp: NodePath<t.CallExpression>): NodePath<t.Function> | null {
    const callee = cp.get("callee") as NodePath;
    if (callee.isArrowFunctionExpression() || callee.isFunctionExpression()) return callee as NodePath<t.Function>;
    if (!callee.isIdentifier()) return null;
    const b = cp.scope.getBinding(callee.node.name);
    if (!this.own(b) || b.constantViolations.length) return null;
    if (b.path.isFunctionDeclaration()) return b.path as NodePath<t.Function>;
    if (b.path.isVariableDeclarator()) {
      const init = b.path.get("init") as NodePath;
      if (init.isArrowFunctionExpression() || init.isFunctionExpression()) return init as NodePath<t.Function>;
    }
    return null;
  }

  /** lb views b at steps (each: one element there); it has the type declared there, so t[0] on a tuple is a field. */
  private alias(lb: Binding, b: Binding, steps: Step[], each: boolean): void {
    this.aliases.push({ binding: lb, source: b, steps, each });
    const d = declaredAt(this.declaredShape.get(b) ?? null, steps);
    const at = each ? (d?.t === "soa" ? d.elem : null) : d;
    if (at && !this.declaredShape.has(lb)) this.declaredShape.set(lb, at);
  }

  private isModuleFn(p: NodePath, name: string): boolean {
    return this.pass.module.functions.has(name) && !this.own(p.scope.getBinding(name));
  }

  private literal(u: Use, o: t.ObjectExpression, at: NodePath, b: Binding, path: string[]): void {
    u.literal = true;
    for (const p of o.properties) {
      if (p.type === "SpreadElement") {
        this.spreads.push({ into: u, arg: p.argument, at });
        this.links.push({ b, path, arg: p.argument, at, spread: true });
        continue;
      }
      if (p.type !== "ObjectProperty" || (p.computed && p.key.type !== "StringLiteral")) this.rep().error("ADC181", p, "object literals with methods or computed keys are not supported in differentiated code");
      const k = propKey(p as t.ObjectProperty);
      const f = u.field(k);
      const v = (p as t.ObjectProperty).value;
      if (v.type === "ObjectExpression") this.literal(f, v, at, b, [...path, k]);
      else if (isChain(v)) this.links.push({ b, path: [...path, k], arg: v as t.Expression, at, spread: false });
    }
  }

  // ------------------------------------------------------------------ resolve
  private resolve(): void {
    const aliasOf = new Set(this.aliases.map((a) => a.binding));
    // parameters and literals first, then locals in order (spreads read earlier shapes)
    const order = [...this.uses.keys()].filter((b) => !aliasOf.has(b)).sort((a, b) => (a.kind === "param" ? -1 : 0) - (b.kind === "param" ? -1 : 0));
    for (const b of order) {
      const s = this.shapeOf(this.uses.get(b)!, this.declaredShape.get(b) ?? null, b.path.node);
      if (s.t === "leaf") continue;
      if (b.kind !== "param" && !this.uses.get(b)!.literal) continue;
      this.shapes.set(b, s);
      this.structured.add(b);
    }
    // a literal part read from another value: that value gets the part's leaves (twice: links may chain)
    for (let round = 0; round < 2; round++) for (const l of this.links) this.link(l);
    for (const a of this.aliases) {
      const src = this.shapeAt(a.source, a.steps);
      // q views o's leaves: after o = { … } (or q = { … }) the two would still share them, unlike JavaScript objects
      if (src && src.t !== "leaf") {
        const moved = [a.source, a.binding].find((b) => b.constantViolations.some((v) => v.isAssignmentExpression() && v.node.left.type === "Identifier"));
        if (moved) this.rep().error("ADC190", a.binding.path.node, `'${a.binding.identifier.name}' refers to ${a.source === a.binding ? "an object" : `'${a.source.identifier.name}'${a.steps.length ? " (or a part of it)" : ""}`}, and '${moved.identifier.name}' is assigned another object: the two would share fields after that; copy the object ({ ...${a.source.identifier.name} }) or use a new variable`);
      }
      const s = src && a.each ? (src.t === "soa" ? src.elem : null) : src;
      if (s && s.t !== "leaf") {
        this.shapes.set(a.binding, s);
        this.structured.add(a.binding);
      }
    }
    // o.m(p): p has the leaves method m reads from its parameter (as for helpers, u.passed)
    for (const { call, index } of this.methodArgs) {
      const callee = call.node.callee as t.MemberExpression;
      const recv = this.chainShape(callee.object, call);
      const cls = recv?.t === "obj" && recv.cls ? this.pass.declared.classes.get(recv.cls) : null;
      const m = (callee.property as t.Identifier).name;
      if (!cls?.methods.has(m)) continue;
      const part = this.pass.fn(`${cls.name}.${m}`)?.shapes[index + 1];
      if (part && part.t !== "leaf") this.grow(call.node.arguments[index] as t.Expression, call, part, false);
    }
  }

  private link(l: { b: Binding; path: string[]; arg: t.Expression; at: NodePath; spread: boolean }): void {
    const part = this.shapeAt(l.b, l.path.map((name) => ({ name })));
    if (!part || part.t === "leaf") return;
    this.grow(l.arg, l.at, part, l.spread);
  }

  /** The value at chain `arg` must have every leaf `part` has: its shape grows (spread: only fields it may have). */
  private grow(arg: t.Expression, at: NodePath, part: Shape, spread: boolean): void {
    const l = { arg, at, spread };
    const steps: Step[] = [];
    let e: t.Node = l.arg;
    while (e.type === "MemberExpression" || e.type === "TSNonNullExpression") {
      if (e.type === "TSNonNullExpression") e = e.expression;
      else {
        steps.unshift(!e.computed ? { name: (e.property as t.Identifier).name } : e.property.type === "StringLiteral" ? { name: e.property.value } : { index: e.property as t.Expression });
        e = e.object;
      }
    }
    let src = e.type === "Identifier" ? l.at.scope.getBinding(e.name) : undefined;
    // through const aliases to what they view (for-of variables are left to the check in assignLiteral)
    for (let a = this.aliases.find((x) => x.binding === src); a; a = this.aliases.find((x) => x.binding === src)) {
      if (a.each) return;
      steps.unshift(...a.steps);
      src = a.source;
    }
    if (!this.own(src)) return;
    let into: Shape = part;
    if (l.spread) {
      // only the fields the source may have: a declared type says which
      const declared = declaredAt(this.declaredShape.get(src) ?? null, steps);
      if (part.t !== "obj") return;
      into = obj();
      for (const [k, f] of part.fields) if (declared?.t !== "obj" || declared.fields.has(k)) into.fields.set(k, f);
    }
    // the source's shape grows; a leaf there (the source was only read whole) becomes the part's shape
    const root = this.shapes.get(src);
    if (!steps.length) {
      if (!root || root.t === "leaf") {
        // only a value that may be an object (not declared as an array or a number) becomes one
        const d = this.declaredShape.get(src);
        if ((d?.t === "leaf" && d.ann) || !leavesOf(into).length) return;
        if (src.kind !== "param" && !this.uses.get(src)?.literal) return;
        this.shapes.set(src, into);
        this.structured.add(src);
      } else this.absorbShape(root, into, l.arg);
      return;
    }
    const parent = this.shapeAt(src, steps.slice(0, -1));
    const last = fieldName(steps[steps.length - 1], parent);
    // pts[i]: an element of an array of objects
    if (parent?.t === "soa" && last === null) return this.absorbShape(parent.elem, into, l.arg);
    if (parent?.t !== "obj" || last === null) return;
    const cur = parent.fields.get(last);
    if (!cur || cur.t === "leaf") parent.fields.set(last, into);
    else this.absorbShape(cur, into, l.arg);
  }

  /** The shape of a name or a chain of field reads (p.l1), or null. */
  private chainShape(e: t.Node, at: NodePath): Shape | null {
    const steps: Step[] = [];
    while (e.type === "MemberExpression" || e.type === "TSNonNullExpression") {
      if (e.type === "TSNonNullExpression") e = e.expression;
      else {
        steps.unshift(!e.computed ? { name: (e.property as t.Identifier).name } : { index: e.property as t.Expression });
        e = e.object;
      }
    }
    const b = e.type === "Identifier" ? at.scope.getBinding(e.name) : undefined;
    return this.own(b) ? this.shapeAt(b, steps) : null;
  }

  /** The shape at a chain into a binding, through aliases. */
  private shapeAt(b: Binding, steps: Step[]): Shape | null {
    let s: Shape | null = this.shapes.get(b) ?? null;
    for (const st of steps) {
      if (!s || s.t === "leaf") return null;
      const f = fieldName(st, s);
      s = s.t === "obj" ? (f !== null ? s.fields.get(f) ?? null : null) : f === null ? s.elem : null;
    }
    return s;
  }

  private shapeOf(u: Use, declared: Shape | null, at: t.Node): Shape {
    // p.w.fill(0) is an array method unless a class says otherwise
    const classOf = declared?.t === "obj" && declared.cls ? this.pass.declared.classes.get(declared.cls) : null;
    const methods = [...u.calls].filter((m) => classOf?.methods.has(m) || !ARRAYISH.has(m));
    const isObj = declared?.t === "obj" || u.literal || u.fields.size > 0 || methods.length > 0 || u.spreads.length > 0;
    if (isObj) {
      if (u.each) this.rep().error("ADC182", at, "a value used both as an object (p.a) and as an array (p[i]) cannot be differentiated");
      // the declared type gives classes, tuples and leaf types; only fields the code reaches become leaves
      const s: ObjShape = obj(declared?.t === "obj" ? declared.cls : null);
      const declaredField = (k: string) => (declared?.t === "obj" ? declared.fields.get(k) ?? null : null);
      if (!s.cls && methods.length) s.cls = this.pass.declared.classWith(methods[0]);
      const cls = s.cls ? this.pass.declared.classes.get(s.cls) : null;
      for (const m of methods) {
        if (cls?.methods.has(m)) continue;
        // annotated with a class this module does not declare: one imported from another module
        const ann = declared?.t === "leaf" && declared.ann?.type === "TSTypeReference" && declared.ann.typeName.type === "Identifier" ? declared.ann.typeName.name : null;
        if (ann && !this.pass.declared.classes.has(ann)) {
          this.rep().error("ADC252", u.callSites.get(m) ?? at, `.${m}() is a method of '${ann}', which is not a class declared in the module being compiled: adc flattens methods from the class's declaration, and classes imported from other modules are not supported yet; declare the class in this module, or call a function that takes the fields it needs`);
        }
        this.rep().error("ADC183", u.callSites.get(m) ?? at, `cannot tell which method .${m}() is called here: annotate the object's class (or declare the class in this module; classes imported from other modules are not supported yet)`);
      }
      for (const [k, fu] of u.fields) {
        if (cls?.getters.has(k)) {
          this.absorbShape(s, this.pass.fn(`${cls.name}.${k}`)?.shapes[0] ?? null, at);
          continue;
        }
        s.fields.set(k, this.shapeOf(fu, declaredField(k), at));
        if (fu.optional || (declared?.t === "obj" && declared.optional?.has(k))) (s.optional ??= new Set()).add(k);
      }
      for (const m of methods) this.absorbShape(s, this.pass.fn(`${cls!.name}.${m}`)?.shapes[0] ?? null, at);
      for (const p of u.passed) this.absorbShape(s, this.pass.fn(p.callee)?.shapes[p.param] ?? null, at);
      return s;
    }
    if (u.each || declared?.t === "soa") {
      const e = this.shapeOf(u.each ?? new Use(), declared?.t === "soa" ? declared.elem : null, at);
      if (e.t === "obj") {
        const soa: Shape = { t: "soa", elem: e, length: u.length || (declared?.t === "soa" && declared.length) };
        // h(pts): what the helper reads from each element is passed too
        for (const p of u.passed) this.absorbShape(soa, this.pass.fn(p.callee)?.shapes[p.param] ?? null, at);
        return soa;
      }
    }
    const passedShape = u.passed.map((p) => this.pass.fn(p.callee)?.shapes[p.param] ?? null).find((s) => s);
    if (passedShape) return this.shapeOf(u, passedShape, at);
    return declared?.t === "leaf" ? declared : leaf();
  }

  private absorbShape(into: Shape, s: Shape | null, at: t.Node): void {
    if (into.t === "soa" && s?.t === "soa") {
      into.length ||= s.length;
      return this.absorbShape(into.elem, s.elem, at);
    }
    if (!s || into.t !== "obj" || s.t !== "obj") return;
    for (const [k, f] of s.fields) {
      const mine = into.fields.get(k);
      if (!mine || mine.t === "leaf") into.fields.set(k, mine && f.t === "leaf" ? mine : f);
      else this.absorbShape(mine, f, at);
    }
    into.cls ??= s.cls;
    for (const k of s.optional ?? []) (into.optional ??= new Set()).add(k);
  }

  // ------------------------------------------------------------------ rewrite
  private viewOf(b: Binding): View | null {
    const v = this.views.get(b);
    if (v) return v;
    if (!this.structured.has(b)) return null;
    const shape = this.shapes.get(b)!;
    const names = new Map<string, string>();
    const base = b.identifier.name;
    for (const l of leavesOf(shape)) names.set(pathKey(l.path), this.namer.fresh(leafName(base, l.path)));
    const view = namedView(shape, names, b.kind !== "param");
    this.views.set(b, view);
    return view;
  }

  /** What an expression is once objects are flattened: a view (structured), an expression, or null (untouched). */
  private resolveExpr(p: NodePath): Resolved {
    const n = p.node;
    if (n.type === "Identifier") {
      const b = this.refs.get(n) ?? p.scope.getBinding(n.name);
      const v = b && this.own(b) ? this.viewOf(b) : null;
      return v ? { view: v } : null;
    }
    if (n.type === "TSNonNullExpression" || n.type === "TSAsExpression") return this.resolveExpr(p.get("expression") as NodePath);
    if (n.type !== "MemberExpression" && n.type !== "OptionalMemberExpression") return null;
    const base = this.resolveExpr(p.get("object") as NodePath);
    if (!base) return null;
    if ("expr" in base) return { expr: rebuild(n, base.expr, !!base.opt) };
    const r = this.resolveStep(n, base.view);
    // p.extra?.v[0]: once flattened, the read of p_extra_v must stay optional (p_extra_v?.[0])
    return r && (base.opt || (n.type === "OptionalMemberExpression" && n.optional)) ? { ...r, opt: true } : r;
  }

  /**
   * resolveExpr for an object used whole (passed to a function, a method's receiver): its leaves are
   * read one by one, so an index with side effects (g(pts[i++])) would run once per leaf: ADC253.
   */
  private resolveWhole(p: NodePath): Resolved {
    const r = this.resolveExpr(p);
    if (!r || !("view" in r)) return r;
    for (let n: t.Node = p.node; n.type === "MemberExpression" || n.type === "OptionalMemberExpression" || n.type === "TSNonNullExpression"; ) {
      if (n.type === "TSNonNullExpression") {
        n = n.expression;
        continue;
      }
      if (n.computed && !p.scope.isPure(n.property)) {
        this.rep().error("ADC253", n.property, `this index has side effects, and the object '${genText(n)}' is read field by field (adc flattens objects at compile time), so it would run once per field; compute the index first`);
      }
      n = n.object;
    }
    return r;
  }

  /** One member step from a view: a field, a getter, an element of an array of objects, or .length. */
  private resolveStep(n: t.MemberExpression | t.OptionalMemberExpression, v: View): Resolved {
    const s = v.shape;
    const prop = n.property;
    const name = !n.computed ? (prop as t.Identifier).name : prop.type === "StringLiteral" ? prop.value : prop.type === "NumericLiteral" && s.t === "obj" ? String(prop.value) : null;
    if (s.t === "soa") {
      if (name === "length" && !n.computed) return { expr: v.leaf(["length"]) };
      if (name !== null && !n.computed) return null; // an array method: the caller decides
      return { view: subView(v, s.elem, [null], [prop as t.Expression]) };
    }
    if (s.t !== "obj") return null;
    if (name === null) return this.rep().error("ADC184", n, "objects are flattened at compile time: a property key must be a name or a literal, not a computed value");
    const cls = s.cls ? this.pass.declared.classes.get(s.cls) : null;
    if (cls?.getters.has(name)) return { expr: this.memberCall(v, `${cls.name}.${name}`, [], n) };
    const f = s.fields.get(name);
    if (!f) return { expr: t.identifier("undefined") };
    if (f.t === "leaf") return { expr: v.leaf([name]) };
    return { view: subView(v, f, [name], []) };
  }

  private memberCall(v: View, key: string, args: t.Expression[], at: t.Node, argPaths: NodePath[] = []): t.Expression {
    const flat = this.pass.fn(key);
    if (!flat) return this.rep().error("ADC185", at, `recursive methods on objects are not supported yet (${key})`);
    // a method that never reads this keeps its self parameter as it is: it gets undefined
    const leaves = flat.shapes[0] ? leavesOf(flat.shapes[0]).map((l) => v.leaf(l.path)) : [t.identifier("undefined")];
    // an object argument: the leaves the method reads from that parameter, as for helpers
    const flatArgs: t.Expression[] = [];
    args.forEach((a, i) => {
      const s = flat.shapes[i + 1];
      if (!s) return flatArgs.push(a);
      const r = argPaths[i] && (a as t.Node).type !== "SpreadElement" ? this.resolveWhole(argPaths[i]) : null;
      if (!r || !("view" in r)) return this.rep().error("ADC251", a, `argument ${i + 1} of the method ${key} must be an object this function can see field by field (a parameter, a local object, or a part of one), named (not an inline literal or a spread)`);
      for (const l of leavesOf(s)) flatArgs.push(r.view.leaf(l.path));
    });
    for (let i = args.length; i + 1 < flat.shapes.length; i++) if (flat.shapes[i + 1]) for (const _ of leavesOf(flat.shapes[i + 1]!)) flatArgs.push(t.identifier("undefined"));
    const call = t.callExpression(t.identifier(flat.name), [...leaves, ...flatArgs]);
    call.loc = at.loc;
    return call;
  }

  private rewrite(): void {
    const forOf = new Map<t.Node, { i: string; len: t.Expression }>();
    const soaCalls = new Map<t.Node, { indices: t.Expression; param: t.Identifier; name: string }>();
    const errAsValue = (p: NodePath) => {
      // pts.map((p) => …) / m.layers.forEach(…): an array method called on an array of objects
      const call = [p, p.parentPath].find((c) => c?.node.type === "MemberExpression" && !c.node.computed && c.parentPath?.isCallExpression() && c.parentPath.node.callee === c.node);
      const m = call ? ((call.node as t.MemberExpression).property as t.Identifier).name : null;
      if (call && m && ARRAYISH.has(m))
        this.rep().error("ADC186", call.node, `'${genText(call.node)}(…)' is called on an array of objects, which adc flattens at compile time: callbacks over arrays of objects are not supported yet; write a for…of loop over it`);
      return errAsValueGeneral(p);
    };
    const errAsValueGeneral = (p: NodePath) => this.rep().error("ADC186", p.node, `'${genText(p.node)}' is an object: adc flattens objects at compile time, so it can be read field by field, passed to functions of this module and iterated, but not used as a whole value here`);
    this.fnPath.traverse({
      // for (const l of p.layers): l views element i; the loop becomes an index loop once its body is rewritten
      ForOfStatement: {
        enter: (p) => {
          const r = this.resolveExpr(p.get("right"));
          if (!r || !("view" in r) || r.view.shape.t !== "soa") return;
          const id = (p.node.left as t.VariableDeclaration).declarations[0].id as t.Identifier;
          const b = p.scope.getBinding(id.name);
          const i = this.namer.fresh(`${id.name}_i`);
          if (b) this.views.set(b, subView(r.view, r.view.shape.elem, [null], [t.identifier(i)]));
          forOf.set(p.node, { i, len: r.view.leaf(["length"]) });
        },
        exit: (p) => {
          const f = forOf.get(p.node);
          if (!f) return;
          const loop = t.forStatement(
            t.variableDeclaration("let", [t.variableDeclarator(t.identifier(f.i), t.numericLiteral(0))]),
            t.binaryExpression("<", t.identifier(f.i), f.len),
            t.updateExpression("++", t.identifier(f.i)),
            p.node.body,
          );
          loop.loc = p.node.loc;
          (loop as any).start = p.node.start;
          (loop as any).end = p.node.end;
          this.touched = true;
          p.replaceWith(loop);
        },
      },
      VariableDeclaration: {
        exit: (p) => {
          const out: t.Statement[] = [];
          const keep: t.VariableDeclarator[] = [];
          let changed = false;
          for (const d of p.node.declarations) {
            const b = d.id.type === "Identifier" ? p.scope.getBinding(d.id.name) : undefined;
            if (!b || !this.structured.has(b) || !d.init) {
              keep.push(d);
              continue;
            }
            changed = true;
            if (d.init.type === "ObjectExpression") {
              if (keep.length) out.push(t.variableDeclaration(p.node.kind, keep.splice(0)));
              out.push(...this.assignLiteral(this.viewOf(b)!, d.init, p, true));
              continue;
            }
            // an alias: its view reads the source's leaves; indices are fixed now, as JavaScript would
            const src = p.get(`declarations.${p.node.declarations.indexOf(d)}.init`) as NodePath;
            const r = this.resolveExpr(src);
            if (!r || !("view" in r)) return errAsValue(src);
            this.views.set(b, this.pinIndices(r.view, src, keep));
          }
          if (!changed) return;
          this.touched = true;
          if (keep.length) out.push(t.variableDeclaration(p.node.kind, keep));
          if (p.parentPath.isForStatement() || p.parentPath.isForXStatement()) this.rep().error("ADC186", p.node, "objects cannot be declared in a for head");
          if (out.length === 0) p.remove();
          else p.replaceWithMultiple(out);
        },
      },
      ExpressionStatement: {
        exit: (p) => {
          const e = p.node.expression;
          if (e.type !== "AssignmentExpression" || e.left.type !== "Identifier") return;
          const b = p.scope.getBinding(e.left.name);
          if (!b || !this.structured.has(b)) return;
          if (e.right.type !== "ObjectExpression") return this.rep().error("ADC187", e, `assigning another object to '${e.left.name}' would alias it; build a new one ({ ...${genText(e.right)} }) or use a const`);
          this.touched = true;
          p.replaceWithMultiple(this.assignLiteral(this.viewOf(b)!, e.right, p, false));
        },
      },
      CallExpression: {
        // layers.reduce((h, l) => …, x): the callback runs over the indices, l views element l_i
        enter: (p) => {
          const callee = p.node.callee;
          if (callee.type !== "MemberExpression" || callee.computed) return;
          const m = (callee.property as t.Identifier).name;
          const r = this.resolveExpr(p.get("callee.object") as NodePath);
          if (!r || !("view" in r) || r.view.shape.t !== "soa" || !ARRAYISH.has(m)) return;
          const elem = elementParam(p, m);
          if (!elem || !SOA_CALLBACKS.has(m)) {
            return this.rep().error("ADC193", callee, `.${m}() on an array of objects: adc flattens objects at compile time, so only forEach, map, reduce, reduceRight, some, every and findIndex with a callback whose element parameter is a name are supported (filter and find would return the objects themselves); write a for…of loop`);
          }
          const id = elem.node as t.Identifier;
          const b = elem.scope.getBinding(id.name);
          const i = this.namer.fresh(`${id.name}_i`);
          if (b) this.views.set(b, subView(r.view, r.view.shape.elem, [null], [t.identifier(i)]));
          const fn = elem.parentPath!.node as t.ArrowFunctionExpression | t.FunctionExpression;
          const arrayParam = fn.params[m.startsWith("reduce") ? 3 : 2];
          if (arrayParam) this.rep().error("ADC193", arrayParam, `the array parameter of a callback over an array of objects is not supported: use the array itself`);
          const len = r.view.leaf(["length"]);
          const k = this.namer.fresh("k");
          // the receiver becomes the indices 0..n-1, and the element parameter their name
          const indices = t.callExpression(t.memberExpression(t.identifier("Array"), t.identifier("from")), [
            t.objectExpression([t.objectProperty(t.identifier("length"), len)]),
            t.arrowFunctionExpression([t.identifier("_"), t.identifier(k)], t.identifier(k)),
          ]);
          soaCalls.set(p.node, { indices, param: id, name: i });
        },
        exit: (p) => {
          const soa = soaCalls.get(p.node);
          if (soa) {
            this.touched = true;
            soa.param.name = soa.name;
            (p.get("callee.object") as NodePath).replaceWith(soa.indices);
            return;
          }
          const callee = p.node.callee;
          if (callee.type === "MemberExpression" && !callee.computed) {
            const r = this.resolveWhole(p.get("callee.object") as NodePath);
            if (r && "view" in r && r.view.shape.t === "obj") {
              const m = (callee.property as t.Identifier).name;
              const cls = r.view.shape.cls;
              if (!cls) return this.rep().error("ADC183", callee, `cannot tell which method .${m}() is called here: annotate the object's class`);
              this.touched = true;
              p.replaceWith(this.memberCall(r.view, `${cls}.${m}`, p.node.arguments as t.Expression[], p.node, p.get("arguments") as NodePath[]));
              return;
            }
          }
          const local = this.localCalls.get(p.node);
          if (local && local.params.some((b) => b && this.structured.has(b))) return this.localCall(p, local);
          if (callee.type !== "Identifier" || !this.isModuleFn(p, callee.name)) return;
          if (this.pass.isActive(callee.name)) {
            const obj = p.node.arguments.findIndex((_, i) => { const r = this.resolveExpr(p.get(`arguments.${i}`) as NodePath); return r && "view" in r; });
            if (obj >= 0) return this.rep().error("ADC191", p.node, `${callee.name} is recursive and takes an object (argument ${obj + 1}): recursion through objects is not supported; pass the fields it needs as separate arguments`);
          }
          const flat = this.pass.fn(callee.name);
          if (!flat || !flat.changed) return;
          const args: t.Expression[] = [];
          p.node.arguments.forEach((a, i) => {
            const s = flat.shapes[i];
            if (!s) return args.push(a as t.Expression);
            const r = this.resolveWhole(p.get(`arguments.${i}`) as NodePath);
            if (!r || !("view" in r)) return this.rep().error("ADC186", a, `argument ${i + 1} of ${callee.name} must be an object this function can see field by field (a parameter, a local object, or a part of one)`);
            for (const l of leavesOf(s)) args.push(r.view.leaf(l.path));
          });
          for (let i = p.node.arguments.length; i < flat.shapes.length; i++) if (flat.shapes[i]) for (const _ of leavesOf(flat.shapes[i]!)) args.push(t.identifier("undefined"));
          const call = t.callExpression(t.identifier(flat.name), args);
          call.loc = p.node.loc;
          this.touched = true;
          p.replaceWith(call);
        },
      },
      "MemberExpression|OptionalMemberExpression": {
        exit: (p) => {
          const parent = p.parentPath!;
          if ((parent.isMemberExpression() || parent.isOptionalMemberExpression()) && parent.node.object === p.node) return; // not the outermost
          if (parent.isCallExpression() && parent.node.callee === p.node) {
            // a method call: CallExpression decides for objects; p.w.fill(0) reads the leaf p_w
            const r = this.resolveExpr(p.get("object") as NodePath);
            if (r && "expr" in r) {
              this.touched = true;
              (p.get("object") as NodePath).replaceWith(r.expr);
            }
            return;
          }
          const r = this.resolveExpr(p);
          if (!r) return;
          if ("view" in r) return; // a whole object: its context decides (checked at the end)
          if (isWrite(p) && !this.writable(p)) {
            return this.rep().error("ADC188", p.node, `'${genText(p.node)}' is a field of an object passed in: assigning it is not supported (the caller's object would not change); copy the value into a local`);
          }
          r.expr.loc = p.node.loc;
          this.touched = true;
          p.replaceWith(r.expr);
        },
      },
    });
    // local functions not called here by name (never called): their body reads leaves, so their parameters are leaves too
    const aliased = new Set(this.aliases.map((a) => a.binding));
    this.fnPath.traverse({
      Function: (fp) => {
        const params = fp.node.params.map((q) => (q.type === "Identifier" ? fp.scope.getOwnBinding(q.name) ?? null : null));
        if (params.some((b) => b && this.structured.has(b) && !aliased.has(b))) this.flattenParams(fp.node, params.map((b) => (b && aliased.has(b) ? null : b)));
      },
    });
    // nothing structured may remain as a whole value
    this.fnPath.traverse({
      ReferencedIdentifier: (idp) => {
        const b = this.refs.get(idp.node) ?? idp.scope.getBinding((idp.node as t.Identifier).name);
        if (b && this.structured.has(b)) errAsValue(idp.parentPath!.isMemberExpression() ? idp.parentPath! : idp);
      },
    });
  }

  /**
   * h(p, x) where h is a local function whose parameter o is an object: h's o becomes one parameter
   * per leaf (o_a, o_b: read-only, like a helper's), and the call passes p's leaves (p_a, p_b).
   */
  private localCall(p: NodePath<t.CallExpression>, local: { fn: t.Function; params: (Binding | null)[] }): void {
    const name = p.node.callee.type === "Identifier" ? p.node.callee.name : "the function called here";
    const args: t.Expression[] = [];
    local.params.forEach((b, i) => {
      const a = p.node.arguments[i];
      if (a?.type === "SpreadElement" || p.node.arguments.slice(0, i).some((x) => x.type === "SpreadElement")) {
        return this.rep().error("ADC250", a ?? p.node, `${name} takes an object (parameter ${i + 1}): adc flattens objects at compile time, so its arguments cannot be spread; pass them one by one`);
      }
      if (!b || !this.structured.has(b)) return a && args.push(a as t.Expression);
      const shape = this.shapes.get(b)!;
      if (!a) return leavesOf(shape).forEach(() => args.push(t.identifier("undefined")));
      const r = this.resolveWhole(p.get(`arguments.${i}`) as NodePath);
      if (!r || !("view" in r)) {
        return this.rep().error("ADC250", a, `parameter ${i + 1} of ${name} is used as an object, so argument ${i + 1} must be an object this function can see field by field (a parameter, a local object, or a part of one), named (not an inline literal)`);
      }
      for (const l of leavesOf(shape)) args.push(r.view.leaf(l.path));
    });
    // arguments past the parameters are still evaluated
    for (const a of p.node.arguments.slice(local.params.length)) args.push(a as t.Expression);
    this.flattenParams(local.fn, local.params);
    this.touched = true;
    p.node.arguments = args;
    this.localCalls.delete(p.node); // done: a requeued visit (the loop around it replaced) must not redo it
  }

  /** A local function's object parameters become one parameter per leaf (once). */
  private flattenParams(fn: t.Function, params: (Binding | null)[]): void {
    if (this.flatLocals.has(fn)) return;
    this.flatLocals.add(fn);
    fn.params = fn.params.flatMap((param, i) => {
      const b = params[i];
      if (!b || !this.structured.has(b)) return [param];
      const view = this.viewOf(b)!;
      return leavesOf(this.shapes.get(b)!).map((l) => {
        const id = t.identifier((view.leaf(l.path) as t.Identifier).name);
        id.loc = param.loc;
        return id;
      });
    });
  }

  /** Is this member write allowed: into arrays always; a leaf itself only in objects this function built. */
  private writable(p: NodePath): boolean {
    const r = this.resolveExpr(p.get("object") as NodePath);
    if (r && "view" in r) return r.view.owned; // the member is a leaf of the view
    return true; // an element of an array leaf
  }

  /** Alias views must not move when the index variables they were made with change later. */
  private pinIndices(v: View, src: NodePath, keep: t.VariableDeclarator[]): View {
    const pins = new Map<t.Node, t.Identifier>();
    const visit = (n: t.Node): void => {
      if (n.type === "MemberExpression" || n.type === "OptionalMemberExpression") {
        visit(n.object);
        if (n.computed && !t.isLiteral(n.property)) {
          const id = this.namer.fresh("at");
          keep.push(t.variableDeclarator(t.identifier(id), n.property as t.Expression));
          pins.set(n.property, t.identifier(id));
        }
      }
    };
    visit(src.node);
    if (!pins.size) return v;
    return { ...v, leaf: (path) => replaceNodes(v.leaf(path), pins) };
  }

  /** v = { a: e1, ...q, b: e2 }: every leaf assigned in property order; values first when v is reassigned. */
  private assignLiteral(v: View, o: t.ObjectExpression, p: NodePath, declare: boolean): t.Statement[] {
    const values = new Map<string, t.Expression>();
    /** Parts taken from values passed in (not built here): every leaf below them must be found. */
    const seen: { path: (string | null)[]; node: t.Node }[] = [];
    const fill = (obj: t.ObjectExpression, prefix: string[]) => {
      for (const prop of obj.properties) {
        if (prop.type === "SpreadElement") {
          const r = this.resolveLoose(prop.argument, p);
          if (!r) this.rep().error("ADC186", prop, "spread of a value adc cannot see field by field");
          if (!r!.owned) seen.push({ path: prefix, node: prop.argument });
          // a field the source lacks at run time does not override: { a: 1, ...q } keeps a = 1 when q.a is missing
          for (const l of leavesOf(r!.shape)) {
            const key = pathKey([...prefix, ...l.path]);
            const prior = values.get(key);
            const v = r!.leaf(l.path);
            values.set(key, prior ? t.conditionalExpression(t.binaryExpression("===", v, t.identifier("undefined")), prior, t.cloneNode(v, true)) : v);
          }
          continue;
        }
        const k = propKey(prop as t.ObjectProperty);
        const val = (prop as t.ObjectProperty).value as t.Expression;
        if (val.type === "ObjectExpression") {
          fill(val, [...prefix, k]);
          continue;
        }
        const r = this.resolveLoose(val, p);
        if (r && !r.owned) seen.push({ path: [...prefix, k], node: val });
        if (r) for (const l of leavesOf(r.shape)) values.set(pathKey([...prefix, k, ...l.path]), r.leaf(l.path));
        else values.set(pathKey([...prefix, k]), val);
      }
    };
    fill(o, []);
    const leaves = leavesOf(v.shape);
    // a leaf the literal takes from a value adc sees only in part would silently be undefined
    for (const l of leaves) {
      if (values.has(pathKey(l.path))) continue;
      const from = seen.find((s) => s.path.every((k, i) => l.path[i] === k));
      if (from) this.rep().error("ADC192", from.node, `'${genText(from.node)}' is used here as an object with a field '${l.path.slice(from.path.length).join(".")}' that adc cannot see on it; read that field from it directly`);
    }
    const out: t.Statement[] = [];
    if (declare) {
      for (const l of leaves) {
        const target = v.leaf(l.path) as t.Identifier;
        const value = values.get(pathKey(l.path));
        out.push(t.variableDeclaration("let", [t.variableDeclarator(t.identifier(target.name), value ?? t.identifier("undefined"))]));
      }
      out.forEach((s) => (s.loc = o.loc));
      return out;
    }
    const temps = leaves.map((l) => {
      const tmp = this.namer.fresh(`${(v.leaf(l.path) as t.Identifier).name}_new`);
      out.push(t.variableDeclaration("const", [t.variableDeclarator(t.identifier(tmp), values.get(pathKey(l.path)) ?? t.identifier("undefined"))]));
      return tmp;
    });
    leaves.forEach((l, i) => out.push(t.expressionStatement(t.assignmentExpression("=", v.leaf(l.path) as t.Identifier, t.identifier(temps[i])))));
    out.forEach((s) => (s.loc = o.loc));
    return out;
  }

  /** The view of an expression inside a literal (a name or chain), found through the scope at p. */
  private resolveLoose(e: t.Expression, p: NodePath): View | null {
    const steps: t.Node[] = [];
    let n: t.Node = e;
    while (n.type === "MemberExpression") {
      steps.unshift(n);
      n = n.object;
    }
    if (n.type !== "Identifier") return null;
    const b = this.refs.get(n) ?? p.scope.getBinding(n.name);
    let v = b && this.own(b) ? this.viewOf(b) : null;
    for (const m of steps as t.MemberExpression[]) {
      if (!v) return null;
      const s = v.shape;
      const name = !m.computed ? (m.property as t.Identifier).name : m.property.type === "StringLiteral" ? m.property.value : null;
      if (s.t === "obj" && name !== null) {
        const f = s.fields.get(name);
        if (!f || f.t === "leaf") return null;
        v = subView(v, f, [name], []);
      } else if (s.t === "soa" && m.computed) v = subView(v, s.elem, [null], [m.property as t.Expression]);
      else return null;
    }
    return v;
  }

  // ------------------------------------------------------------------ result
  private finish(): Flat {
    const params: FlatParam[] = [];
    const shapes: (Shape | null)[] = [];
    const newParams: t.FunctionDeclaration["params"] = [];
    this.node.params.forEach((p, i) => {
      const id = (p.type === "AssignmentPattern" ? p.left : p) as t.Identifier;
      const b = this.fnPath.scope.getOwnBinding(id.name);
      if (!b || !this.structured.has(b)) {
        shapes.push(null);
        params.push({ name: id.name, orig: i, leaf: null });
        newParams.push(p);
        return;
      }
      if (p.type === "AssignmentPattern") this.rep().error("ADC189", p, "an object parameter with a default value is not supported");
      const shape = this.shapes.get(b)!;
      shapes.push(shape);
      const view = this.viewOf(b)!;
      for (const l of leavesOf(shape)) {
        const name = (view.leaf(l.path) as t.Identifier).name;
        const pid = t.identifier(name);
        pid.loc = id.loc;
        if (l.ann) pid.typeAnnotation = t.tsTypeAnnotation(l.ann);
        else if (l.role === "length") pid.typeAnnotation = t.tsTypeAnnotation(t.tsNumberKeyword());
        params.push({ name, orig: i, leaf: l });
        newParams.push(pid);
      }
    });
    const changed = !!this.self || shapes.some((s) => s);
    this.touched ||= changed;
    const name = changed ? this.pass.namer.fresh(this.key.includes(".") ? this.key.replace(".", "_") : `${this.key}_flat`) : this.key;
    this.node.id = t.identifier(name);
    this.node.params = newParams;
    return { name, node: this.node, params, shapes, changed };
  }
}

/** The declared shape at a chain of field steps (null where nothing is declared). */
function declaredAt(s: Shape | null, steps: Step[]): Shape | null {
  for (const st of steps) {
    const f = fieldName(st, s);
    s = s?.t === "obj" && f !== null ? s.fields.get(f) ?? null : s?.t === "soa" && f === null ? s.elem : null;
  }
  return s;
}

/** Array methods whose callback result does not return the elements themselves. */
const SOA_CALLBACKS = new Set(["forEach", "map", "reduce", "reduceRight", "some", "every", "findIndex", "findLastIndex"]);

/** The element parameter of an array method's inline callback (xs.map((x) => …): x), if it is a name. */
function elementParam(call: NodePath<t.CallExpression>, method: string): NodePath | null {
  if (!ARRAYISH.has(method)) return null;
  const cb = call.get("arguments.0") as NodePath | undefined;
  if (!cb || !(cb.isArrowFunctionExpression() || cb.isFunctionExpression())) return null;
  const p = (cb.get("params") as NodePath[])[method.startsWith("reduce") ? 1 : 0];
  return p && p.isIdentifier() ? p : null;
}

/** A literal's fields as plain uses (the spread source is not itself a literal). */
function withoutLiteral(u: Use): Use {
  const c = new Use();
  c.absorb(u);
  c.literal = false;
  for (const [k, f] of c.fields) c.fields.set(k, withoutLiteral(f));
  return c;
}

function propKey(p: t.ObjectProperty): string {
  const k = p.key;
  if (k.type === "Identifier") return k.name;
  if (k.type === "StringLiteral") return k.value;
  if (k.type === "NumericLiteral") return String(k.value);
  throw new Error("unsupported key");
}

/** The member chain n with its innermost object replaced by base (p.w[i] with p.w -> p_w gives p_w[i]). */
function rebuild(n: t.MemberExpression | t.OptionalMemberExpression, base: t.Expression, optional: boolean): t.Expression {
  const read = t.memberExpression(base, n.property as t.Expression, n.computed);
  // p.extra?.v[0] with p.extra missing is undefined: p_extra_v == null ? undefined : p_extra_v[0]
  if (!optional || !isChain(base)) return read; // leaves are names, or names indexed by loop variables
  return t.conditionalExpression(t.binaryExpression("==", t.cloneNode(base, true), t.nullLiteral()), t.identifier("undefined"), read);
}

function isWrite(p: NodePath): boolean {
  const parent = p.parentPath!;
  return (parent.isAssignmentExpression() && parent.node.left === p.node) || parent.isUpdateExpression();
}

function replaceNodes(e: t.Expression, pins: Map<t.Node, t.Identifier>): t.Expression {
  const visit = (n: t.Node): t.Node => {
    for (const [from, to] of pins) if (t.isNodesEquivalent(n, from)) return t.cloneNode(to);
    if (n.type === "MemberExpression") return t.memberExpression(visit(n.object) as t.Expression, visit(n.property) as t.Expression, n.computed);
    return n;
  };
  return visit(e) as t.Expression;
}

function genText(n: t.Node): string {
  if (n.type === "Identifier") return n.name;
  if (n.type === "MemberExpression") return `${genText(n.object)}${n.computed ? "[…]" : `.${(n.property as t.Identifier).name}`}`;
  return "this value";
}
