var O=globalThis,H=O.ShadowRoot&&(O.ShadyCSS===void 0||O.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,Z=Symbol(),ye=new WeakMap,E=class{constructor(e,t,n){if(this._$cssResult$=!0,n!==Z)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(H&&e===void 0){let n=t!==void 0&&t.length===1;n&&(e=ye.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),n&&ye.set(t,e))}return e}toString(){return this.cssText}},$e=r=>new E(typeof r=="string"?r:r+"",void 0,Z),Y=(r,...e)=>{let t=r.length===1?r[0]:e.reduce((n,i,s)=>n+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(i)+r[s+1],r[0]);return new E(t,r,Z)},be=(r,e)=>{if(H)r.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let n=document.createElement("style"),i=O.litNonce;i!==void 0&&n.setAttribute("nonce",i),n.textContent=t.cssText,r.appendChild(n)}},J=H?r=>r:r=>r instanceof CSSStyleSheet?(e=>{let t="";for(let n of e.cssRules)t+=n.cssText;return $e(t)})(r):r;var{is:rt,defineProperty:it,getOwnPropertyDescriptor:st,getOwnPropertyNames:ot,getOwnPropertySymbols:at,getPrototypeOf:lt}=Object,M=globalThis,we=M.trustedTypes,ct=we?we.emptyScript:"",dt=M.reactiveElementPolyfillSupport,D=(r,e)=>r,Q={toAttribute(r,e){switch(e){case Boolean:r=r?ct:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,e){let t=r;switch(e){case Boolean:t=r!==null;break;case Number:t=r===null?null:Number(r);break;case Object:case Array:try{t=JSON.parse(r)}catch{t=null}}return t}},ke=(r,e)=>!rt(r,e),xe={attribute:!0,type:String,converter:Q,reflect:!1,useDefault:!1,hasChanged:ke};Symbol.metadata??=Symbol("metadata"),M.litPropertyMetadata??=new WeakMap;var v=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=xe){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),i=this.getPropertyDescriptor(e,n,t);i!==void 0&&it(this.prototype,e,i)}}static getPropertyDescriptor(e,t,n){let{get:i,set:s}=st(this.prototype,e)??{get(){return this[t]},set(o){this[t]=o}};return{get:i,set(o){let d=i?.call(this);s?.call(this,o),this.requestUpdate(e,d,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??xe}static _$Ei(){if(this.hasOwnProperty(D("elementProperties")))return;let e=lt(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(D("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(D("properties"))){let t=this.properties,n=[...ot(t),...at(t)];for(let i of n)this.createProperty(i,t[i])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[n,i]of t)this.elementProperties.set(n,i)}this._$Eh=new Map;for(let[t,n]of this.elementProperties){let i=this._$Eu(t,n);i!==void 0&&this._$Eh.set(i,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let i of n)t.unshift(J(i))}else e!==void 0&&t.push(J(e));return t}static _$Eu(e,t){let n=t.attribute;return n===!1?void 0:typeof n=="string"?n:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return be(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),i=this.constructor._$Eu(e,n);if(i!==void 0&&n.reflect===!0){let s=(n.converter?.toAttribute!==void 0?n.converter:Q).toAttribute(t,n.type);this._$Em=e,s==null?this.removeAttribute(i):this.setAttribute(i,s),this._$Em=null}}_$AK(e,t){let n=this.constructor,i=n._$Eh.get(e);if(i!==void 0&&this._$Em!==i){let s=n.getPropertyOptions(i),o=typeof s.converter=="function"?{fromAttribute:s.converter}:s.converter?.fromAttribute!==void 0?s.converter:Q;this._$Em=i;let d=o.fromAttribute(t,s.type);this[i]=d??this._$Ej?.get(i)??d,this._$Em=null}}requestUpdate(e,t,n,i=!1,s){if(e!==void 0){let o=this.constructor;if(i===!1&&(s=this[e]),n??=o.getPropertyOptions(e),!((n.hasChanged??ke)(s,t)||n.useDefault&&n.reflect&&s===this._$Ej?.get(e)&&!this.hasAttribute(o._$Eu(e,n))))return;this.C(e,t,n)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:i,wrapped:s},o){n&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,o??t??this[e]),s!==!0||o!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),i===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[i,s]of this._$Ep)this[i]=s;this._$Ep=void 0}let n=this.constructor.elementProperties;if(n.size>0)for(let[i,s]of n){let{wrapped:o}=s,d=this[i];o!==!0||this._$AL.has(i)||d===void 0||this.C(i,void 0,s,d)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(n=>n.hostUpdate?.()),this.update(t)):this._$EM()}catch(n){throw e=!1,this._$EM(),n}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};v.elementStyles=[],v.shadowRootOptions={mode:"open"},v[D("elementProperties")]=new Map,v[D("finalized")]=new Map,dt?.({ReactiveElement:v}),(M.reactiveElementVersions??=[]).push("2.1.2");var oe=globalThis,Ae=r=>r,U=oe.trustedTypes,Ce=U?U.createPolicy("lit-html",{createHTML:r=>r}):void 0,Ne="$lit$",y=`lit$${Math.random().toFixed(9).slice(2)}$`,Le="?"+y,pt=`<${Le}>`,x=document,T=()=>x.createComment(""),N=r=>r===null||typeof r!="object"&&typeof r!="function",ae=Array.isArray,ht=r=>ae(r)||typeof r?.[Symbol.iterator]=="function",ee=`[ 	
\f\r]`,P=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Se=/-->/g,Ee=/>/g,b=RegExp(`>|${ee}(?:([^\\s"'>=/]+)(${ee}*=${ee}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),De=/'/g,Pe=/"/g,Re=/^(?:script|style|textarea|title)$/i,le=r=>(e,...t)=>({_$litType$:r,strings:e,values:t}),c=le(1),Rt=le(2),Vt=le(3),k=Symbol.for("lit-noChange"),a=Symbol.for("lit-nothing"),Te=new WeakMap,w=x.createTreeWalker(x,129);function Ve(r,e){if(!ae(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return Ce!==void 0?Ce.createHTML(e):e}var ut=(r,e)=>{let t=r.length-1,n=[],i,s=e===2?"<svg>":e===3?"<math>":"",o=P;for(let d=0;d<t;d++){let l=r[d],h,u,p=-1,f=0;for(;f<l.length&&(o.lastIndex=f,u=o.exec(l),u!==null);)f=o.lastIndex,o===P?u[1]==="!--"?o=Se:u[1]!==void 0?o=Ee:u[2]!==void 0?(Re.test(u[2])&&(i=RegExp("</"+u[2],"g")),o=b):u[3]!==void 0&&(o=b):o===b?u[0]===">"?(o=i??P,p=-1):u[1]===void 0?p=-2:(p=o.lastIndex-u[2].length,h=u[1],o=u[3]===void 0?b:u[3]==='"'?Pe:De):o===Pe||o===De?o=b:o===Se||o===Ee?o=P:(o=b,i=void 0);let m=o===b&&r[d+1].startsWith("/>")?" ":"";s+=o===P?l+pt:p>=0?(n.push(h),l.slice(0,p)+Ne+l.slice(p)+y+m):l+y+(p===-2?d:m)}return[Ve(r,s+(r[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),n]},L=class r{constructor({strings:e,_$litType$:t},n){let i;this.parts=[];let s=0,o=0,d=e.length-1,l=this.parts,[h,u]=ut(e,t);if(this.el=r.createElement(h,n),w.currentNode=this.el.content,t===2||t===3){let p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(i=w.nextNode())!==null&&l.length<d;){if(i.nodeType===1){if(i.hasAttributes())for(let p of i.getAttributeNames())if(p.endsWith(Ne)){let f=u[o++],m=i.getAttribute(p).split(y),$=/([.?@])?(.*)/.exec(f);l.push({type:1,index:s,name:$[2],strings:m,ctor:$[1]==="."?ne:$[1]==="?"?re:$[1]==="@"?ie:S}),i.removeAttribute(p)}else p.startsWith(y)&&(l.push({type:6,index:s}),i.removeAttribute(p));if(Re.test(i.tagName)){let p=i.textContent.split(y),f=p.length-1;if(f>0){i.textContent=U?U.emptyScript:"";for(let m=0;m<f;m++)i.append(p[m],T()),w.nextNode(),l.push({type:2,index:++s});i.append(p[f],T())}}}else if(i.nodeType===8)if(i.data===Le)l.push({type:2,index:s});else{let p=-1;for(;(p=i.data.indexOf(y,p+1))!==-1;)l.push({type:7,index:s}),p+=y.length-1}s++}}static createElement(e,t){let n=x.createElement("template");return n.innerHTML=e,n}};function C(r,e,t=r,n){if(e===k)return e;let i=n!==void 0?t._$Co?.[n]:t._$Cl,s=N(e)?void 0:e._$litDirective$;return i?.constructor!==s&&(i?._$AO?.(!1),s===void 0?i=void 0:(i=new s(r),i._$AT(r,t,n)),n!==void 0?(t._$Co??=[])[n]=i:t._$Cl=i),i!==void 0&&(e=C(r,i._$AS(r,e.values),i,n)),e}var te=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,i=(e?.creationScope??x).importNode(t,!0);w.currentNode=i;let s=w.nextNode(),o=0,d=0,l=n[0];for(;l!==void 0;){if(o===l.index){let h;l.type===2?h=new R(s,s.nextSibling,this,e):l.type===1?h=new l.ctor(s,l.name,l.strings,this,e):l.type===6&&(h=new se(s,this,e)),this._$AV.push(h),l=n[++d]}o!==l?.index&&(s=w.nextNode(),o++)}return w.currentNode=x,i}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings!==void 0?(n._$AI(e,n,t),t+=n.strings.length-2):n._$AI(e[t])),t++}},R=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,i){this.type=2,this._$AH=a,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=i,this._$Cv=i?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=C(this,e,t),N(e)?e===a||e==null||e===""?(this._$AH!==a&&this._$AR(),this._$AH=a):e!==this._$AH&&e!==k&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):ht(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==a&&N(this._$AH)?this._$AA.nextSibling.data=e:this.T(x.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,i=typeof n=="number"?this._$AC(e):(n.el===void 0&&(n.el=L.createElement(Ve(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===i)this._$AH.p(t);else{let s=new te(i,this),o=s.u(this.options);s.p(t),this.T(o),this._$AH=s}}_$AC(e){let t=Te.get(e.strings);return t===void 0&&Te.set(e.strings,t=new L(e)),t}k(e){ae(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,n,i=0;for(let s of e)i===t.length?t.push(n=new r(this.O(T()),this.O(T()),this,this.options)):n=t[i],n._$AI(s),i++;i<t.length&&(this._$AR(n&&n._$AB.nextSibling,i),t.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let n=Ae(e).nextSibling;Ae(e).remove(),e=n}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},S=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,i,s){this.type=1,this._$AH=a,this._$AN=void 0,this.element=e,this.name=t,this._$AM=i,this.options=s,n.length>2||n[0]!==""||n[1]!==""?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=a}_$AI(e,t=this,n,i){let s=this.strings,o=!1;if(s===void 0)e=C(this,e,t,0),o=!N(e)||e!==this._$AH&&e!==k,o&&(this._$AH=e);else{let d=e,l,h;for(e=s[0],l=0;l<s.length-1;l++)h=C(this,d[n+l],t,l),h===k&&(h=this._$AH[l]),o||=!N(h)||h!==this._$AH[l],h===a?e=a:e!==a&&(e+=(h??"")+s[l+1]),this._$AH[l]=h}o&&!i&&this.j(e)}j(e){e===a?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},ne=class extends S{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===a?void 0:e}},re=class extends S{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==a)}},ie=class extends S{constructor(e,t,n,i,s){super(e,t,n,i,s),this.type=5}_$AI(e,t=this){if((e=C(this,e,t,0)??a)===k)return;let n=this._$AH,i=e===a&&n!==a||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,s=e!==a&&(n===a||i);i&&this.element.removeEventListener(this.name,this,n),s&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},se=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){C(this,e)}};var gt=oe.litHtmlPolyfillSupport;gt?.(L,R),(oe.litHtmlVersions??=[]).push("3.3.3");var ze=(r,e,t)=>{let n=t?.renderBefore??e,i=n._$litPart$;if(i===void 0){let s=t?.renderBefore??null;n._$litPart$=i=new R(e.insertBefore(T(),s),s,void 0,t??{})}return i._$AI(r),i};var ce=globalThis,_=class extends v{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=ze(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return k}};_._$litElement$=!0,_.finalized=!0,ce.litElementHydrateSupport?.({LitElement:_});var ft=ce.litElementPolyfillSupport;ft?.({LitElement:_});(ce.litElementVersions??=[]).push("4.2.2");var F={acknowledge:"Acknowledge",acknowledging:"Acknowledging…",acknowledgment_pending:"Acknowledged; sent when SDDC Manager answers again",alerts:"Needs your acknowledgment",all_findings:"All {count} findings",cancel:"Cancel",cancel_run:"Cancel run",cancelling:"Cancelling…",components:"Components",confirm_start:"Start the upgrade of {domain} to VCF {version}? SDDC Manager upgrades its components one after the other; this cannot be undone from here.",confirm_cancel:"Cancel the run of {domain}? Nothing is being upgraded now; what SDDC Manager already did stays, and a later run continues from it.",confirm_cancel_button:"Cancel run",confirm_start_button:"Start upgrade",connected:"SDDC Manager connected",disconnected:"SDDC Manager not answering",editor_device:"VCF domain",editor_log_lines:"Log lines shown",full_log:"Full log",fewer_findings:"Fewer findings",hide_log:"Fewer lines",keep_run:"Keep the run",last_precheck:"Last precheck",log:"Log",no_domain:"No DataCenter Assistant domain found for {reference}",no_findings:"No findings",no_log:"No upgrade activity yet",precheck_counts:"Errors: {errors} · Warnings: {warnings}",precheck_failed:"Failed",precheck_passed:"Passed",precheck_starting:"Starting precheck…",precheck_version:"VCF {version}",progress:"{percent} %",run_precheck:"Run precheck",start_upgrade:"Start upgrade",starting:"Starting…",unavailable:"SDDC Manager cannot be reached: the domain's state is unknown",up_to_date:"up to date",waiting_hint:"Nothing is being upgraded meanwhile; the upgrade starts by itself once this holds.",component_in_progress:"upgrading",component_waiting:"waiting",component_completed:"done",component_failed:"failed",phase_done:"done",phase_current:"current",phase_waiting:"waiting",phase_failed:"failed",phase_skipped:"skipped",phase_pending:"pending",whole_domain:"Domain"},mt={acknowledge:"Bestätigen",acknowledging:"Wird bestätigt…",acknowledgment_pending:"Bestätigt; wird gesendet, sobald SDDC Manager wieder antwortet",alerts:"Wartet auf Ihre Bestätigung",all_findings:"Alle {count} Befunde",cancel:"Abbrechen",cancel_run:"Lauf abbrechen",cancelling:"Wird abgebrochen…",components:"Komponenten",confirm_start:"Upgrade von {domain} auf VCF {version} starten? SDDC Manager aktualisiert seine Komponenten nacheinander; von hier aus lässt sich das nicht rückgängig machen.",confirm_cancel:"Lauf von {domain} abbrechen? Gerade wird nichts aktualisiert; was SDDC Manager bereits erledigt hat, bleibt bestehen, und ein späterer Lauf setzt dort fort.",confirm_cancel_button:"Lauf abbrechen",confirm_start_button:"Upgrade starten",connected:"SDDC Manager verbunden",disconnected:"SDDC Manager antwortet nicht",editor_device:"VCF-Domäne",editor_log_lines:"Angezeigte Protokollzeilen",full_log:"Ganzes Protokoll",fewer_findings:"Weniger Befunde",hide_log:"Weniger Zeilen",keep_run:"Lauf fortsetzen",last_precheck:"Letzte Vorabprüfung",log:"Protokoll",no_domain:"Keine DataCenter-Assistant-Domäne für {reference} gefunden",no_findings:"Keine Befunde",no_log:"Noch keine Upgrade-Aktivität",precheck_counts:"Fehler: {errors} · Warnungen: {warnings}",precheck_failed:"Fehlgeschlagen",precheck_passed:"Bestanden",precheck_starting:"Vorabprüfung wird gestartet…",precheck_version:"VCF {version}",progress:"{percent} %",run_precheck:"Vorabprüfung ausführen",start_upgrade:"Upgrade starten",starting:"Wird gestartet…",unavailable:"SDDC Manager ist nicht erreichbar: Der Zustand der Domäne ist unbekannt",up_to_date:"aktuell",waiting_hint:"Währenddessen wird nichts aktualisiert; das Upgrade startet von selbst, sobald dies erfüllt ist.",component_in_progress:"wird aktualisiert",component_waiting:"wartet",component_completed:"fertig",component_failed:"fehlgeschlagen",phase_done:"erledigt",phase_current:"aktueller Schritt",phase_waiting:"wartet",phase_failed:"fehlgeschlagen",phase_skipped:"übersprungen",phase_pending:"ausstehend",whole_domain:"Domäne"},de={en:F,de:mt};function I(r){return r?.locale?.language||r?.language||"en"}function _t(r){let e=(r??"en").toLowerCase().split(/[-_]/)[0];return Object.prototype.hasOwnProperty.call(de,e)?de[e]:F}function j(r,e,t={}){return(_t(r)[e]??F[e]).replace(/\{(\w+)\}/g,(i,s)=>String(t[s]??`{${s}}`))}var A="datacenter_assistant",Ue="acknowledge_upgrade_alerts",Fe="cancel_upgrade",Ie="VCF workload domain";var g=class extends Error{constructor(t){super(`no DataCenter Assistant domain for ${t}`);this.reference=t;this.name="DomainNotFound"}},vt=new Set(["targeting_new_vcf_version","downloading_bundle","precheck_running","upgrade_in_progress","waiting_for_acknowledgment"]);function je(r){if(!r||typeof r.device!="string"&&typeof r.entity!="string")throw new Error("Set 'device' (a VCF domain's device) or 'entity' (its upgrade status sensor)");if(r.log_lines!==void 0&&(!Number.isInteger(r.log_lines)||r.log_lines<0||r.log_lines>50))throw new Error("'log_lines' must be a whole number from 0 to 50");return r}function Ke(r){let e=Object.values(r.entities).filter(t=>t.platform===A&&t.translation_key==="upgrade_status"&&t.device_id);return e.sort((t,n)=>t.entity_id.localeCompare(n.entity_id,void 0,{numeric:!0})),[...new Set(e.map(t=>t.device_id))]}function Be(r,e){let t=e.device;t===void 0&&e.entity!==void 0&&(t=r.entities[e.entity]?.device_id);let n=e.device??e.entity??"";if(t===void 0)throw new g(n);let i=Object.values(r.entities).filter(d=>d.platform===A),s=(d,l)=>d?i.find(h=>h.device_id===d&&h.translation_key===l)?.entity_id:void 0,o=s(t,"upgrade_status");if(o===void 0)throw new g(n);return{deviceId:t,status:o,start:s(t,"start_upgrade"),precheck:s(t,"run_precheck"),currentVersion:s(t,"current_version"),availableVersion:s(t,"available_version"),log:s(t,"upgrade_logs"),connection:s(r.devices[t]?.via_device_id,"connection")}}var yt=new Set(["info","warning","error"]);function $t(r){if(!Array.isArray(r))return[];let e=[];for(let t of r){if(typeof t!="object"||t===null)continue;let{at:n,level:i,message:s}=t;typeof n!="string"||typeof s!="string"||typeof i!="string"||yt.has(i)&&e.push({at:n,level:i,message:s})}return e.reverse()}function K(r){return r===void 0||r.state==="unknown"||r.state==="unavailable"?null:r.state}function B(r){return Array.isArray(r)?r:[]}function Oe(r){return typeof r=="number"&&Number.isFinite(r)?r:0}function bt(r){return typeof r=="string"&&r.trim()!==""?r:null}function wt(r){if(r===null||typeof r!="object"||Array.isArray(r))return null;let e=r;return typeof e.at!="string"||typeof e.passed!="boolean"?null:{at:e.at,version:typeof e.version=="string"?e.version:"",passed:e.passed,errors:Oe(e.errors),warnings:Oe(e.warnings),findings:B(e.findings).filter(t=>typeof t=="string")}}function He(r){return r!==void 0&&r.state!=="unavailable"}function We(r,e){let t=r.states[e.status];if(t===void 0)throw new g(e.status);let n=t.attributes,i=r.devices[e.deviceId],s=t.state!=="unavailable",o=t.state,d=n.running===!0,l=e.availableVersion?r.states[e.availableVersion]:void 0,h=l?.attributes.up_to_date===!0,u=K(e.currentVersion?r.states[e.currentVersion]:void 0),p=typeof n.target_version=="string"?n.target_version:null,f=h?null:K(l),m=(d||o.endsWith("_failed"))&&p!==null?p:f,$=e.connection?K(r.states[e.connection]):null,et=n.sddc_manager_reachable!==!1,me=n.acknowledgment_pending===!0,tt=e.start?r.states[e.start]:void 0,nt=e.precheck?r.states[e.precheck]:void 0,X=bt(n.waiting_for),_e=s&&!d&&!vt.has(o)&&!h&&l!==void 0&&K(l)!==null,ve=B(n.phases);return{name:i?.name_by_user??i?.name??e.status,entities:e,status:t,available:s,state:o,running:d,currentVersion:u,targetVersion:m,upToDate:h,phases:X===null?ve:ve.map(z=>z.phase===o&&z.status==="current"?{...z,status:"waiting"}:z),progress:typeof n.progress_percent=="number"?n.progress_percent:null,currentComponent:typeof n.current_component=="string"?n.current_component:null,components:B(n.components),alerts:B(n.alerts),acknowledgmentPending:me,waitingFor:X,lastPrecheck:wt(n.last_precheck),canAcknowledge:s&&o==="waiting_for_acknowledgment"&&!me,canStart:_e&&He(tt),canPrecheck:_e&&He(nt),canCancel:s&&(X!==null||o==="waiting_for_acknowledgment"),connected:$===null?null:$==="on"&&et,log:$t(e.log?r.states[e.log]?.attributes.entries:void 0)}}var Me={SDDC_MANAGER:"SDDC Manager",NSX_T_MANAGER:"NSX",VCENTER:"vCenter",ESX_HOST:"ESXi"};function pe(r){return Object.hasOwn(Me,r)?Me[r]:r}var xt=new Set(["precheck_failed","upgrade_failed"]);function Ge(r,e){return e.status!=="failed"?e.phase:xt.has(r.state)?r.state:e.phase==="precheck_running"?"precheck_failed":"upgrade_failed"}function qe(r){return r.running&&r.waitingFor===null&&["downloading_bundle","precheck_running","upgrade_in_progress"].includes(r.state)}function Xe(r){let e=r.components[0]?.total??0;if(r.state!=="upgrade_in_progress"||e===0)return r.progress;let n=(r.components.filter(i=>i.state==="completed").length+(r.progress??0)/100)/e;return Math.min(100,Math.round(n*100))}function he(r){if(r===null||!Number.isFinite(r))return"";let e=Math.round(r),t=Math.floor(e/3600),n=Math.floor(e%3600/60),i=e%60;return t>0?`${t} h ${n} min`:n>0?`${n} min ${i} s`:`${i} s`}function ue(r){return r.locale?.time_zone==="server"?r.config?.time_zone:void 0}function Ze(r,e,t){let n=new Date(r);if(Number.isNaN(n.getTime()))return r;try{return new Intl.DateTimeFormat(e,{timeStyle:"medium",timeZone:t}).format(n)}catch{return new Intl.DateTimeFormat(void 0,{timeStyle:"medium"}).format(n)}}function Ye(r,e,t){let n=new Date(r);if(Number.isNaN(n.getTime()))return r;try{return new Intl.DateTimeFormat(e,{dateStyle:"medium",timeStyle:"short",timeZone:t}).format(n)}catch{return new Intl.DateTimeFormat(void 0,{dateStyle:"medium",timeStyle:"short"}).format(n)}}var kt=[{name:"device",required:!0,selector:{device:{filter:{integration:A,model:Ie}}}},{name:"log_lines",selector:{number:{min:0,max:50,mode:"box"}}}],At={device:"editor_device",log_lines:"editor_log_lines"},ge="datacenter-assistant-upgrade-card-editor",W=class extends _{static{this.properties={hass:{attribute:!1},_config:{state:!0}}}setConfig(e){this._config=e}connectedCallback(){super.connectedCallback(),Ct()}render(){if(this.hass===void 0||this._config===void 0)return a;let t={device:this._config.device??(this._config.entity?this.hass.entities[this._config.entity]?.device_id:void 0),log_lines:this._config.log_lines??3},n=I(this.hass);return c`<ha-form
      .hass=${this.hass}
      .data=${t}
      .schema=${kt}
      .computeLabel=${i=>j(n,At[i.name])}
      @value-changed=${this.valueChanged}
    ></ha-form>`}valueChanged(e){e.stopPropagation();let{device:t,log_lines:n}=e.detail.value,i={type:this._config?.type??"custom:datacenter-assistant-upgrade-card"};t&&(i.device=t),n!==void 0&&n!==3&&(i.log_lines=n),this._config=i,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:i},bubbles:!0,composed:!0}))}};async function Ct(){if(customElements.get("ha-form"))return;await(await window.loadCardHelpers?.())?.createCardElement({type:"entities",entities:[]})?.constructor?.getConfigElement?.()}var Je=Y`
  :host {
    display: block;
    container-type: inline-size;
  }
  ha-card {
    padding: 16px;
    display: flex;
    flex-direction: column;
    gap: 12px;
    height: 100%;
    box-sizing: border-box;
  }
  .header {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 8px;
  }
  .title {
    margin: 0;
    font-size: var(--ha-font-size-xl, 20px);
    font-weight: var(--ha-font-weight-normal, 400);
    line-height: 1.3;
    color: var(--primary-text-color);
    overflow-wrap: anywhere;
  }
  .versions {
    color: var(--secondary-text-color);
    font-size: var(--ha-font-size-m, 14px);
  }
  .versions .target {
    color: var(--primary-text-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .connection {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    flex-shrink: 0;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
    white-space: nowrap;
  }
  .connection .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--disabled-color, #9e9e9e);
  }
  .connection[data-connected="true"] .dot {
    background: var(--success-color, #43a047);
  }
  .connection[data-connected="false"] .dot {
    background: var(--error-color, #db4437);
  }
  .stepper {
    display: grid;
    grid-auto-flow: column;
    grid-auto-columns: 1fr;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .step {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: center;
    text-align: center;
    gap: 4px;
    min-width: 0;
  }
  .step::before {
    content: "";
    position: absolute;
    top: 13px;
    right: 50%;
    width: 100%;
    height: 2px;
    background: var(--divider-color, rgba(127, 127, 127, 0.3));
  }
  .step:first-child::before {
    display: none;
  }
  .step[data-status="done"]::before,
  .step[data-status="current"]::before,
  .step[data-status="waiting"]::before,
  .step[data-status="failed"]::before {
    background: var(--primary-color);
  }
  .marker {
    position: relative;
    z-index: 1;
    width: 28px;
    height: 28px;
    border-radius: 50%;
    display: flex;
    align-items: center;
    justify-content: center;
    box-sizing: border-box;
    border: 2px solid var(--divider-color, rgba(127, 127, 127, 0.3));
    background: var(--card-background-color, var(--ha-card-background, #fff));
    color: var(--secondary-text-color);
    --mdc-icon-size: 16px;
  }
  .step[data-status="done"] .marker {
    background: var(--primary-color);
    border-color: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  .step[data-status="current"] .marker {
    border-color: var(--primary-color);
    color: var(--primary-color);
    box-shadow: 0 0 0 4px rgba(var(--rgb-primary-color, 3, 169, 244), 0.2);
  }
  .step[data-status="waiting"] .marker {
    background: var(--warning-color, #ffa600);
    border-color: var(--warning-color, #ffa600);
    color: var(--text-primary-color, #fff);
  }
  .step[data-status="failed"] .marker {
    background: var(--error-color, #db4437);
    border-color: var(--error-color, #db4437);
    color: var(--text-primary-color, #fff);
  }
  .step[data-status="skipped"] .marker {
    border-style: dashed;
  }
  .step-label {
    font-size: var(--ha-font-size-xs, 10px);
    line-height: 1.2;
    color: var(--secondary-text-color);
    overflow-wrap: anywhere;
  }
  .step[data-status="current"] .step-label,
  .step[data-status="waiting"] .step-label,
  .step[data-status="failed"] .step-label {
    color: var(--primary-text-color);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 4px 12px;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
  }
  .status .detail {
    color: var(--secondary-text-color);
  }
  .progress {
    height: 6px;
    border-radius: 3px;
    overflow: hidden;
    background: var(--divider-color, rgba(127, 127, 127, 0.3));
  }
  .progress .bar {
    height: 100%;
    background: var(--primary-color);
    transition: width 0.4s ease;
  }
  .progress[data-percent=""] .bar {
    width: 30%;
    animation: indeterminate 1.4s ease-in-out infinite;
  }
  @keyframes indeterminate {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(340%);
    }
  }
  h3 {
    margin: 0 0 4px;
    font-size: var(--ha-font-size-s, 12px);
    font-weight: var(--ha-font-weight-medium, 500);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--secondary-text-color);
  }
  ul.components,
  ul.alerts,
  ul.log {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .components li {
    display: grid;
    grid-template-columns: 20px minmax(0, 1fr) auto;
    align-items: center;
    gap: 8px;
    padding: 3px 0;
    font-size: var(--ha-font-size-m, 14px);
    --mdc-icon-size: 18px;
  }
  .components .versions-cell {
    color: var(--secondary-text-color);
    font-size: var(--ha-font-size-s, 12px);
  }
  .components .meta {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--secondary-text-color);
    text-align: right;
    white-space: nowrap;
  }
  .components li[data-state="completed"] ha-icon {
    color: var(--success-color, #43a047);
  }
  .components li[data-state="in_progress"] ha-icon {
    color: var(--primary-color);
  }
  .components li[data-state="waiting"] ha-icon {
    color: var(--warning-color, #ffa600);
  }
  .components li[data-state="failed"] ha-icon {
    color: var(--error-color, #db4437);
  }
  .alert-box {
    border-radius: var(--ha-card-border-radius, 12px);
    padding: 8px 12px;
    background: rgba(var(--rgb-warning-color, 255, 166, 0), 0.12);
    border-left: 4px solid var(--warning-color, #ffa600);
  }
  .alerts li {
    padding: 2px 0;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
  }
  .alerts .component {
    font-weight: var(--ha-font-weight-medium, 500);
  }
  .alerts li[data-severity="critical"] {
    color: var(--error-color, #db4437);
  }
  .waiting-for {
    display: grid;
    grid-template-columns: 24px minmax(0, 1fr);
    align-items: start;
    gap: 8px;
    border-radius: var(--ha-card-border-radius, 12px);
    padding: 8px 12px;
    background: rgba(var(--rgb-info-color, 3, 155, 229), 0.12);
    border-left: 4px solid var(--info-color, #039be5);
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
    --mdc-icon-size: 20px;
  }
  .waiting-for ha-icon {
    color: var(--info-color, #039be5);
  }
  .waiting-for .hint {
    color: var(--secondary-text-color);
    font-size: var(--ha-font-size-s, 12px);
  }
  .precheck-summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--secondary-text-color);
  }
  .precheck-summary .outcome {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--success-color, #43a047);
    --mdc-icon-size: 18px;
  }
  .precheck[data-passed="false"] .outcome {
    color: var(--error-color, #db4437);
  }
  .precheck-summary time {
    font-variant-numeric: tabular-nums;
  }
  ul.findings {
    list-style: none;
    margin: 4px 0 0;
    padding: 0;
    font-size: var(--ha-font-size-s, 12px);
    color: var(--primary-text-color);
  }
  ul.findings.full {
    max-height: 240px;
    overflow-y: auto;
  }
  .findings li {
    padding: 2px 0 2px 8px;
    border-left: 2px solid var(--divider-color, rgba(127, 127, 127, 0.3));
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 8px;
  }
  button {
    font: inherit;
    font-size: var(--ha-font-size-m, 14px);
    font-weight: var(--ha-font-weight-medium, 500);
    border-radius: 18px;
    padding: 8px 16px;
    min-height: 36px;
    cursor: pointer;
    border: 1px solid var(--primary-color);
    background: transparent;
    color: var(--primary-color);
  }
  button.primary {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button.warning {
    background: var(--warning-color, #ffa600);
    border-color: var(--warning-color, #ffa600);
    color: var(--text-primary-color, #fff);
  }
  button.link {
    border: none;
    padding: 4px 8px;
    min-height: 0;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .confirm {
    border-radius: var(--ha-card-border-radius, 12px);
    padding: 12px;
    border: 1px solid var(--divider-color, rgba(127, 127, 127, 0.3));
    display: flex;
    flex-direction: column;
    gap: 8px;
    font-size: var(--ha-font-size-m, 14px);
    color: var(--primary-text-color);
  }
  .error {
    color: var(--error-color, #db4437);
    font-size: var(--ha-font-size-m, 14px);
  }
  .log-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
  }
  ul.log {
    font-size: var(--ha-font-size-s, 12px);
    color: var(--primary-text-color);
  }
  ul.log.full {
    max-height: 320px;
    overflow-y: auto;
  }
  .log li {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 8px;
    padding: 2px 0;
  }
  .log time {
    color: var(--secondary-text-color);
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .log li[data-level="warning"] .message {
    color: var(--warning-color, #ffa600);
  }
  .log li[data-level="error"] .message {
    color: var(--error-color, #db4437);
  }
  .message {
    overflow-wrap: anywhere;
  }
  .empty {
    color: var(--secondary-text-color);
    font-size: var(--ha-font-size-s, 12px);
  }
  /* A phone: the stepper keeps its markers, only the current phase is named. */
  @container (max-width: 420px) {
    .step-label {
      display: none;
    }
    .step[data-status="current"] .step-label,
    .step[data-status="waiting"] .step-label,
    .step[data-status="failed"] .step-label {
      display: block;
      position: absolute;
      top: 32px;
      white-space: nowrap;
    }
    .stepper {
      padding-bottom: 18px;
    }
    .step:first-child .step-label {
      left: 0;
    }
    .step:last-child .step-label {
      right: 0;
    }
  }
`;var G="datacenter-assistant-upgrade-card",St={waiting_for_initiation:"mdi:play-circle-outline",targeting_new_vcf_version:"mdi:target",downloading_bundle:"mdi:download",precheck_running:"mdi:clipboard-check-outline",upgrade_in_progress:"mdi:update",waiting_for_acknowledgment:"mdi:hand-back-right-outline",upgrade_completed:"mdi:flag-checkered"},Et={done:"mdi:check",failed:"mdi:close",waiting:"mdi:pause"},Dt={in_progress:"mdi:progress-upload",waiting:"mdi:pause-circle",completed:"mdi:check-circle",failed:"mdi:alert-circle"},fe=class extends _{static{this.styles=Je}static{this.properties={hass:{attribute:!1},_config:{state:!0},_confirmingStart:{state:!0},_confirmingCancel:{state:!0},_pending:{state:!0},_error:{state:!0},_fullLog:{state:!0},_allFindings:{state:!0}}}constructor(){super(),this._confirmingStart=!1,this._confirmingCancel=!1,this._pending=null,this._error=null,this._fullLog=!1,this._allFindings=!1}setConfig(e){this._config=je(e)}static getConfigElement(){return document.createElement(ge)}static getStubConfig(e){let[t]=Ke(e);return{type:`custom:${G}`,device:t??""}}getCardSize(){return 6+(this._config?.log_lines??3)}getGridOptions(){return{columns:12,min_columns:6,rows:"auto"}}shouldUpdate(e){if(!e.has("hass")||e.size>1)return!0;let t=e.get("hass"),n=this.hass;if(t===void 0||n===void 0||this._config===void 0||t.entities!==n.entities||t.devices!==n.devices||t.formatEntityState!==n.formatEntityState||t.language!==n.language||t.locale!==n.locale)return!0;let i=this.resolve(n,this._config);return i instanceof g?!0:[i.status,i.start,i.precheck,i.currentVersion,i.availableVersion,i.log,i.connection].some(s=>s!==void 0&&t.states[s]!==n.states[s])}resolve(e,t){let n=this._resolution;if(n!==void 0&&n.config===t&&n.registries[0]===e.entities&&n.registries[1]===e.devices)return n.result;let i;try{i=Be(e,t)}catch(s){if(!(s instanceof g))throw s;i=s}return this._resolution={registries:[e.entities,e.devices],config:t,result:i},i}willUpdate(e){if(super.willUpdate(e),this.hass===void 0||this._config===void 0){this._view=void 0;return}let t=this.resolve(this.hass,this._config);try{this._view=t instanceof g?t:We(this.hass,t)}catch(n){if(!(n instanceof g))throw n;this._view=n}this._confirmingStart&&!(this._view instanceof g)&&!this._view.canStart&&(this._confirmingStart=!1),this._confirmingCancel&&!(this._view instanceof g)&&!this._view.canCancel&&(this._confirmingCancel=!1)}get language(){return I(this.hass)}t(e,t){return j(this.language,e,t)}render(){let e=this._view;return e===void 0?a:e instanceof g?c`<ha-card class="not-found">
        <div class="error">${this.t("no_domain",{reference:e.reference||"?"})}</div>
      </ha-card>`:c`<ha-card data-state=${e.state}>
      ${this.renderHeader(e)} ${this.renderStepper(e)} ${this.renderStatus(e)}
      ${this.renderWaiting(e)} ${this.renderComponents(e)} ${this.renderAlerts(e)}
      ${this.renderPrecheck(e)} ${this.renderActions(e)} ${this.renderLog(e)}
    </ha-card>`}renderHeader(e){let t=e.connected;return c`<div class="header">
      <div>
        <h2 class="title">${e.name}</h2>
        <div class="versions">
          <span class="current">${e.currentVersion??"–"}</span>
          ${e.targetVersion!==null?c` → <span class="target">${e.targetVersion}</span>`:e.upToDate?c` · ${this.t("up_to_date")}`:a}
        </div>
      </div>
      ${t===null?a:c`<div class="connection" data-connected=${String(t)}>
            <span class="dot"></span>${this.t(t?"connected":"disconnected")}
          </div>`}
    </div>`}phaseName(e,t){let n=Ge(e,t),i=this.hass?.formatEntityState;return i!==void 0?i(e.status,n):n.replace(/_/g," ").replace(/^./,s=>s.toUpperCase())}renderStepper(e){return c`<ol class="stepper">
      ${e.phases.map(t=>{let n=this.phaseName(e,t),i=he(t.duration),s=`${n}: ${this.t(`phase_${t.status}`)}${i?` (${i})`:""}`;return c`<li
          class="step"
          data-phase=${t.phase}
          data-status=${t.status}
          title=${s}
          aria-current=${t.status==="current"||t.status==="waiting"?"step":"false"}
        >
          <span class="marker"><ha-icon icon=${this.phaseIcon(e,t)}></ha-icon></span>
          <span class="step-label">${n}</span>
        </li>`})}
    </ol>`}phaseIcon(e,t){return e.waitingFor!==null&&t.status==="waiting"&&t.phase===e.state?"mdi:timer-sand":Et[t.status]??St[t.phase]??"mdi:circle-outline"}renderStatus(e){if(!e.available)return c`<div class="status"><span class="error">${this.t("unavailable")}</span></div>`;let t=e.components.find(i=>i.state==="in_progress"||i.state==="waiting"),n=[t?`${this.componentName(t)} (${t.position}/${t.total})`:"",e.progress!==null?this.t("progress",{percent:e.progress}):""].filter(Boolean);return c`<div class="status">
        <span class="state">${this.hass?.formatEntityState?.(e.status)??e.state}</span>
        ${e.running&&e.waitingFor===null&&n.length>0?c`<span class="detail">${n.join(" · ")}</span>`:a}
      </div>
      ${qe(e)?this.renderProgress(Xe(e)):a}`}renderWaiting(e){return e.waitingFor===null?a:c`<div class="waiting-for" role="status">
      <ha-icon icon="mdi:timer-sand"></ha-icon>
      <div>
        <div class="message">${e.waitingFor}</div>
        <div class="hint">${this.t("waiting_hint")}</div>
      </div>
    </div>`}renderProgress(e){return c`<div
      class="progress"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${e??a}
      data-percent=${e??""}
    >
      <div class="bar" style=${e===null?"":`width: ${e}%`}></div>
    </div>`}componentName(e){return e.component===null?this.t("whole_domain"):pe(e.component)}renderComponents(e){return e.components.length===0?a:c`<section>
      <h3>${this.t("components")}</h3>
      <ul class="components">
        ${e.components.map(t=>c`<li data-component=${t.component??"domain"} data-state=${t.state}>
            <ha-icon icon=${Dt[t.state]}></ha-icon>
            <div>
              <div>${this.componentName(t)}</div>
              <div class="versions-cell">
                ${t.from_version??""}${t.from_version&&t.to_version?" → ":""}${t.to_version??""}
              </div>
            </div>
            <div class="meta">
              <div>${this.t(`component_${t.state}`)}</div>
              <div>${he(t.duration)}</div>
            </div>
          </li>`)}
      </ul>
    </section>`}renderAlerts(e){return e.state!=="waiting_for_acknowledgment"&&e.alerts.length===0?a:c`<section class="alert-box">
      <h3>${this.t("alerts")}</h3>
      <ul class="alerts">
        ${e.alerts.map(t=>c`<li data-kind=${t.kind} data-severity=${t.severity}>
            ${t.component?c`<span class="component">${pe(t.component)}:</span> `:a}${t.message}
          </li>`)}
      </ul>
      ${e.acknowledgmentPending?c`<div class="empty">${this.t("acknowledgment_pending")}</div>`:a}
    </section>`}renderPrecheck(e){let t=e.lastPrecheck;if(t===null)return a;let n=this._allFindings?t.findings:t.findings.slice(0,3),i=this.hass?Ye(t.at,this.language,ue(this.hass)):t.at;return c`<section class="precheck" data-passed=${String(t.passed)}>
      <div class="log-header">
        <h3>${this.t("last_precheck")}</h3>
        ${t.findings.length>3?c`<button class="link all-findings" aria-expanded=${String(this._allFindings)} @click=${this.toggleFindings}>
              ${this._allFindings?this.t("fewer_findings"):this.t("all_findings",{count:t.findings.length})}
            </button>`:a}
      </div>
      <div class="precheck-summary">
        <span class="outcome">
          <ha-icon icon=${t.passed?"mdi:check-circle":"mdi:alert-circle"}></ha-icon>
          ${this.t(t.passed?"precheck_passed":"precheck_failed")}
        </span>
        ${t.version?c`<span>${this.t("precheck_version",{version:t.version})}</span>`:a}
        <time datetime=${t.at} title=${t.at}>${i}</time>
        <span class="counts">${this.t("precheck_counts",{errors:t.errors,warnings:t.warnings})}</span>
      </div>
      ${n.length===0?c`<div class="empty">${this.t("no_findings")}</div>`:c`<ul class=${this._allFindings?"findings full":"findings"}>
            ${n.map(s=>c`<li class="message">${s}</li>`)}
          </ul>`}
    </section>`}renderActions(e){let t=this._error?c`<div class="error" role="alert">${this._error}</div>`:a;return this._confirmingStart&&e.canStart?c`${t}<div class="confirm" role="alertdialog">
        <span>${this.t("confirm_start",{domain:e.name,version:e.targetVersion??"?"})}</span>
        <div class="actions">
          <button class="cancel" @click=${this.cancelStart}>${this.t("cancel")}</button>
          <button class="primary confirm-start" ?disabled=${this._pending!==null} @click=${this.confirmStart}>
            ${this._pending==="start"?this.t("starting"):this.t("confirm_start_button")}
          </button>
        </div>
      </div>`:this._confirmingCancel&&e.canCancel?c`${t}<div class="confirm" role="alertdialog">
        <span>${this.t("confirm_cancel",{domain:e.name})}</span>
        <div class="actions">
          <button class="keep-run" @click=${this.keepRun}>${this.t("keep_run")}</button>
          <button class="warning confirm-cancel" ?disabled=${this._pending!==null} @click=${this.confirmCancel}>
            ${this._pending==="cancel"?this.t("cancelling"):this.t("confirm_cancel_button")}
          </button>
        </div>
      </div>`:!e.canStart&&!e.canPrecheck&&!e.canAcknowledge&&!e.canCancel?t:c`${t}<div class="actions">
      ${e.canCancel?c`<button class="cancel-run" ?disabled=${this._pending!==null} @click=${this.askToCancel}>
            ${this.t("cancel_run")}
          </button>`:a}
      ${e.canAcknowledge?c`<button class="warning acknowledge" ?disabled=${this._pending!==null} @click=${this.acknowledge}>
            ${this._pending==="acknowledge"?this.t("acknowledging"):this.t("acknowledge")}
          </button>`:a}
      ${e.canPrecheck?c`<button class="precheck" ?disabled=${this._pending!==null} @click=${this.runPrecheck}>
            ${this._pending==="precheck"?this.t("precheck_starting"):this.t("run_precheck")}
          </button>`:a}
      ${e.canStart?c`<button class="primary start" ?disabled=${this._pending!==null} @click=${this.askToStart}>
            ${this.t("start_upgrade")}
          </button>`:a}
    </div>`}renderLog(e){let t=this._config?.log_lines??3;if(t===0&&!this._fullLog)return a;let n=this._fullLog?e.log:e.log.slice(0,t);return c`<section>
      <div class="log-header">
        <h3>${this.t("log")}</h3>
        ${e.log.length>t||this._fullLog?c`<button class="link full-log" aria-expanded=${String(this._fullLog)} @click=${this.toggleLog}>
              ${this.t(this._fullLog?"hide_log":"full_log")}
            </button>`:a}
      </div>
      ${n.length===0?c`<div class="empty">${this.t("no_log")}</div>`:c`<ul class=${this._fullLog?"log full":"log"}>
            ${n.map(i=>c`<li data-level=${i.level}>
                <time datetime=${i.at} title=${i.at}
                  >${this.hass?Ze(i.at,this.language,ue(this.hass)):i.at}</time
                >
                <span class="message">${i.message}</span>
              </li>`)}
          </ul>`}
    </section>`}askToStart(){this._error=null,this._confirmingStart=!0}cancelStart(){this._confirmingStart=!1}async confirmStart(){let e=this.shownView();e?.entities.start!==void 0&&(await this.call("start",()=>this.hass.callService("button","press",{},{entity_id:e.entities.start})),this._confirmingStart=!1)}async runPrecheck(){let e=this.shownView();e?.entities.precheck!==void 0&&await this.call("precheck",()=>this.hass.callService("button","press",{},{entity_id:e.entities.precheck}))}askToCancel(){this._error=null,this._confirmingCancel=!0}keepRun(){this._confirmingCancel=!1}async confirmCancel(){let e=this.shownView();e!==null&&(await this.call("cancel",()=>this.hass.callService(A,Fe,{},{entity_id:e.entities.status})),this._confirmingCancel=!1)}async acknowledge(){let e=this.shownView();e!==null&&await this.call("acknowledge",()=>this.hass.callService(A,Ue,{},{entity_id:e.entities.status}))}toggleLog(){this._fullLog=!this._fullLog}toggleFindings(){this._allFindings=!this._allFindings}shownView(){return this._view===void 0||this._view instanceof g?null:this._view}async call(e,t){this._pending=e,this._error=null;try{await t()}catch(n){this._error=n instanceof Error?n.message:String(n?.message??n)}finally{this._pending=null}}};customElements.whenDefined("home-assistant").then(()=>{for(let[r,e]of[[ge,W],[G,fe]])customElements.get(r)||customElements.define(r,e)});var q=window;q.customCards=q.customCards??[];q.customCards.some(r=>r.type===G)||q.customCards.push({type:G,name:"VCF domain upgrade",description:"One VCF domain's upgrade: phases, components, alerts, last precheck; start, precheck, acknowledge and cancel.",preview:!0,documentationURL:"https://github.com/datacenter-assistant/datacenter-assistant#the-dashboard-card"});export{G as CARD_TYPE,fe as DatacenterAssistantUpgradeCard};
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
