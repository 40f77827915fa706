var H=globalThis,O=H.ShadowRoot&&(H.ShadyCSS===void 0||H.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,q=Symbol(),me=new WeakMap,S=class{constructor(e,t,n){if(this._$cssResult$=!0,n!==q)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(O&&e===void 0){let n=t!==void 0&&t.length===1;n&&(e=me.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),n&&me.set(t,e))}return e}toString(){return this.cssText}},fe=i=>new S(typeof i=="string"?i:i+"",void 0,q),Y=(i,...e)=>{let t=i.length===1?i[0]:e.reduce((n,s,r)=>n+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+i[r+1],i[0]);return new S(t,i,q)},_e=(i,e)=>{if(O)i.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let n=document.createElement("style"),s=H.litNonce;s!==void 0&&n.setAttribute("nonce",s),n.textContent=t.cssText,i.appendChild(n)}},Z=O?i=>i:i=>i instanceof CSSStyleSheet?(e=>{let t="";for(let n of e.cssRules)t+=n.cssText;return fe(t)})(i):i;var{is:Je,defineProperty:Xe,getOwnPropertyDescriptor:Qe,getOwnPropertyNames:et,getOwnPropertySymbols:tt,getPrototypeOf:nt}=Object,M=globalThis,ve=M.trustedTypes,it=ve?ve.emptyScript:"",st=M.reactiveElementPolyfillSupport,P=(i,e)=>i,J={toAttribute(i,e){switch(e){case Boolean:i=i?it:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,e){let t=i;switch(e){case Boolean:t=i!==null;break;case Number:t=i===null?null:Number(i);break;case Object:case Array:try{t=JSON.parse(i)}catch{t=null}}return t}},ye=(i,e)=>!Je(i,e),$e={attribute:!0,type:String,converter:J,reflect:!1,useDefault:!1,hasChanged:ye};Symbol.metadata??=Symbol("metadata"),M.litPropertyMetadata??=new WeakMap;var v=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=$e){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),s=this.getPropertyDescriptor(e,n,t);s!==void 0&&Xe(this.prototype,e,s)}}static getPropertyDescriptor(e,t,n){let{get:s,set:r}=Qe(this.prototype,e)??{get(){return this[t]},set(o){this[t]=o}};return{get:s,set(o){let d=s?.call(this);r?.call(this,o),this.requestUpdate(e,d,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??$e}static _$Ei(){if(this.hasOwnProperty(P("elementProperties")))return;let e=nt(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(P("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(P("properties"))){let t=this.properties,n=[...et(t),...tt(t)];for(let s of n)this.createProperty(s,t[s])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[n,s]of t)this.elementProperties.set(n,s)}this._$Eh=new Map;for(let[t,n]of this.elementProperties){let s=this._$Eu(t,n);s!==void 0&&this._$Eh.set(s,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let s of n)t.unshift(Z(s))}else e!==void 0&&t.push(Z(e));return t}static _$Eu(e,t){let n=t.attribute;return n===!1?void 0:typeof n=="string"?n:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return _e(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),s=this.constructor._$Eu(e,n);if(s!==void 0&&n.reflect===!0){let r=(n.converter?.toAttribute!==void 0?n.converter:J).toAttribute(t,n.type);this._$Em=e,r==null?this.removeAttribute(s):this.setAttribute(s,r),this._$Em=null}}_$AK(e,t){let n=this.constructor,s=n._$Eh.get(e);if(s!==void 0&&this._$Em!==s){let r=n.getPropertyOptions(s),o=typeof r.converter=="function"?{fromAttribute:r.converter}:r.converter?.fromAttribute!==void 0?r.converter:J;this._$Em=s;let d=o.fromAttribute(t,r.type);this[s]=d??this._$Ej?.get(s)??d,this._$Em=null}}requestUpdate(e,t,n,s=!1,r){if(e!==void 0){let o=this.constructor;if(s===!1&&(r=this[e]),n??=o.getPropertyOptions(e),!((n.hasChanged??ye)(r,t)||n.useDefault&&n.reflect&&r===this._$Ej?.get(e)&&!this.hasAttribute(o._$Eu(e,n))))return;this.C(e,t,n)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:s,wrapped:r},o){n&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,o??t??this[e]),r!==!0||o!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),s===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,r]of this._$Ep)this[s]=r;this._$Ep=void 0}let n=this.constructor.elementProperties;if(n.size>0)for(let[s,r]of n){let{wrapped:o}=r,d=this[s];o!==!0||this._$AL.has(s)||d===void 0||this.C(s,void 0,r,d)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(n=>n.hostUpdate?.()),this.update(t)):this._$EM()}catch(n){throw e=!1,this._$EM(),n}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};v.elementStyles=[],v.shadowRootOptions={mode:"open"},v[P("elementProperties")]=new Map,v[P("finalized")]=new Map,st?.({ReactiveElement:v}),(M.reactiveElementVersions??=[]).push("2.1.2");var se=globalThis,be=i=>i,U=se.trustedTypes,we=U?U.createPolicy("lit-html",{createHTML:i=>i}):void 0,Se="$lit$",$=`lit$${Math.random().toFixed(9).slice(2)}$`,Pe="?"+$,rt=`<${Pe}>`,x=document,D=()=>x.createComment(""),N=i=>i===null||typeof i!="object"&&typeof i!="function",re=Array.isArray,ot=i=>re(i)||typeof i?.[Symbol.iterator]=="function",X=`[ 	
\f\r]`,T=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,xe=/-->/g,Ae=/>/g,b=RegExp(`>|${X}(?:([^\\s"'>=/]+)(${X}*=${X}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),ke=/'/g,Ce=/"/g,Te=/^(?:script|style|textarea|title)$/i,oe=i=>(e,...t)=>({_$litType$:i,strings:e,values:t}),c=oe(1),Et=oe(2),St=oe(3),A=Symbol.for("lit-noChange"),a=Symbol.for("lit-nothing"),Ee=new WeakMap,w=x.createTreeWalker(x,129);function De(i,e){if(!re(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return we!==void 0?we.createHTML(e):e}var at=(i,e)=>{let t=i.length-1,n=[],s,r=e===2?"<svg>":e===3?"<math>":"",o=T;for(let d=0;d<t;d++){let l=i[d],h,u,p=-1,m=0;for(;m<l.length&&(o.lastIndex=m,u=o.exec(l),u!==null);)m=o.lastIndex,o===T?u[1]==="!--"?o=xe:u[1]!==void 0?o=Ae:u[2]!==void 0?(Te.test(u[2])&&(s=RegExp("</"+u[2],"g")),o=b):u[3]!==void 0&&(o=b):o===b?u[0]===">"?(o=s??T,p=-1):u[1]===void 0?p=-2:(p=o.lastIndex-u[2].length,h=u[1],o=u[3]===void 0?b:u[3]==='"'?Ce:ke):o===Ce||o===ke?o=b:o===xe||o===Ae?o=T:(o=b,s=void 0);let f=o===b&&i[d+1].startsWith("/>")?" ":"";r+=o===T?l+rt:p>=0?(n.push(h),l.slice(0,p)+Se+l.slice(p)+$+f):l+$+(p===-2?d:f)}return[De(i,r+(i[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),n]},R=class i{constructor({strings:e,_$litType$:t},n){let s;this.parts=[];let r=0,o=0,d=e.length-1,l=this.parts,[h,u]=at(e,t);if(this.el=i.createElement(h,n),w.currentNode=this.el.content,t===2||t===3){let p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(s=w.nextNode())!==null&&l.length<d;){if(s.nodeType===1){if(s.hasAttributes())for(let p of s.getAttributeNames())if(p.endsWith(Se)){let m=u[o++],f=s.getAttribute(p).split($),y=/([.?@])?(.*)/.exec(m);l.push({type:1,index:r,name:y[2],strings:f,ctor:y[1]==="."?ee:y[1]==="?"?te:y[1]==="@"?ne:E}),s.removeAttribute(p)}else p.startsWith($)&&(l.push({type:6,index:r}),s.removeAttribute(p));if(Te.test(s.tagName)){let p=s.textContent.split($),m=p.length-1;if(m>0){s.textContent=U?U.emptyScript:"";for(let f=0;f<m;f++)s.append(p[f],D()),w.nextNode(),l.push({type:2,index:++r});s.append(p[m],D())}}}else if(s.nodeType===8)if(s.data===Pe)l.push({type:2,index:r});else{let p=-1;for(;(p=s.data.indexOf($,p+1))!==-1;)l.push({type:7,index:r}),p+=$.length-1}r++}}static createElement(e,t){let n=x.createElement("template");return n.innerHTML=e,n}};function C(i,e,t=i,n){if(e===A)return e;let s=n!==void 0?t._$Co?.[n]:t._$Cl,r=N(e)?void 0:e._$litDirective$;return s?.constructor!==r&&(s?._$AO?.(!1),r===void 0?s=void 0:(s=new r(i),s._$AT(i,t,n)),n!==void 0?(t._$Co??=[])[n]=s:t._$Cl=s),s!==void 0&&(e=C(i,s._$AS(i,e.values),s,n)),e}var Q=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,s=(e?.creationScope??x).importNode(t,!0);w.currentNode=s;let r=w.nextNode(),o=0,d=0,l=n[0];for(;l!==void 0;){if(o===l.index){let h;l.type===2?h=new L(r,r.nextSibling,this,e):l.type===1?h=new l.ctor(r,l.name,l.strings,this,e):l.type===6&&(h=new ie(r,this,e)),this._$AV.push(h),l=n[++d]}o!==l?.index&&(r=w.nextNode(),o++)}return w.currentNode=x,s}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings!==void 0?(n._$AI(e,n,t),t+=n.strings.length-2):n._$AI(e[t])),t++}},L=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,s){this.type=2,this._$AH=a,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=C(this,e,t),N(e)?e===a||e==null||e===""?(this._$AH!==a&&this._$AR(),this._$AH=a):e!==this._$AH&&e!==A&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):ot(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==a&&N(this._$AH)?this._$AA.nextSibling.data=e:this.T(x.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,s=typeof n=="number"?this._$AC(e):(n.el===void 0&&(n.el=R.createElement(De(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===s)this._$AH.p(t);else{let r=new Q(s,this),o=r.u(this.options);r.p(t),this.T(o),this._$AH=r}}_$AC(e){let t=Ee.get(e.strings);return t===void 0&&Ee.set(e.strings,t=new R(e)),t}k(e){re(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,n,s=0;for(let r of e)s===t.length?t.push(n=new i(this.O(D()),this.O(D()),this,this.options)):n=t[s],n._$AI(r),s++;s<t.length&&(this._$AR(n&&n._$AB.nextSibling,s),t.length=s)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let n=be(e).nextSibling;be(e).remove(),e=n}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},E=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,s,r){this.type=1,this._$AH=a,this._$AN=void 0,this.element=e,this.name=t,this._$AM=s,this.options=r,n.length>2||n[0]!==""||n[1]!==""?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=a}_$AI(e,t=this,n,s){let r=this.strings,o=!1;if(r===void 0)e=C(this,e,t,0),o=!N(e)||e!==this._$AH&&e!==A,o&&(this._$AH=e);else{let d=e,l,h;for(e=r[0],l=0;l<r.length-1;l++)h=C(this,d[n+l],t,l),h===A&&(h=this._$AH[l]),o||=!N(h)||h!==this._$AH[l],h===a?e=a:e!==a&&(e+=(h??"")+r[l+1]),this._$AH[l]=h}o&&!s&&this.j(e)}j(e){e===a?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},ee=class extends E{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===a?void 0:e}},te=class extends E{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==a)}},ne=class extends E{constructor(e,t,n,s,r){super(e,t,n,s,r),this.type=5}_$AI(e,t=this){if((e=C(this,e,t,0)??a)===A)return;let n=this._$AH,s=e===a&&n!==a||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,r=e!==a&&(n===a||s);s&&this.element.removeEventListener(this.name,this,n),r&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},ie=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){C(this,e)}};var lt=se.litHtmlPolyfillSupport;lt?.(R,L),(se.litHtmlVersions??=[]).push("3.3.3");var Ne=(i,e,t)=>{let n=t?.renderBefore??e,s=n._$litPart$;if(s===void 0){let r=t?.renderBefore??null;n._$litPart$=s=new L(e.insertBefore(D(),r),r,void 0,t??{})}return s._$AI(i),s};var ae=globalThis,_=class extends v{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Ne(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return A}};_._$litElement$=!0,_.finalized=!0,ae.litElementHydrateSupport?.({LitElement:_});var ct=ae.litElementPolyfillSupport;ct?.({LitElement:_});(ae.litElementVersions??=[]).push("4.2.2");var le={acknowledge:"Acknowledge",acknowledging:"Acknowledging…",acknowledgment_pending:"Acknowledged; sent when SDDC Manager answers again",alerts:"Needs your acknowledgment",all_findings:"All {count} findings",cancel:"Cancel",cancel_run:"Cancel run",cancelling:"Cancelling…",components:"Components",confirm_start:"Start the upgrade of {domain} to VCF {version}? SDDC Manager upgrades its components one after the other; this cannot be undone from here.",confirm_cancel:"Cancel the run of {domain}? Nothing is being upgraded now; what SDDC Manager already did stays, and a later run continues from it.",confirm_cancel_button:"Cancel run",confirm_start_button:"Start upgrade",connected:"SDDC Manager connected",disconnected:"SDDC Manager not answering",editor_device:"VCF domain",editor_log_lines:"Log lines shown",full_log:"Full log",fewer_findings:"Fewer findings",hide_log:"Fewer lines",keep_run:"Keep the run",last_precheck:"Last precheck",log:"Log",no_domain:"No DataCenter Assistant domain found for {reference}",no_findings:"No findings",no_log:"No upgrade activity yet",precheck_counts:"Errors: {errors} · Warnings: {warnings}",precheck_failed:"Failed",precheck_passed:"Passed",precheck_starting:"Starting precheck…",precheck_version:"VCF {version}",progress:"{percent} %",run_precheck:"Run precheck",start_upgrade:"Start upgrade",starting:"Starting…",unavailable:"SDDC Manager cannot be reached: the domain's state is unknown",up_to_date:"up to date",waiting_hint:"Nothing is being upgraded meanwhile; the upgrade starts by itself once this holds.",component_in_progress:"upgrading",component_waiting:"waiting",component_completed:"done",component_failed:"failed",phase_done:"done",phase_current:"current",phase_waiting:"waiting",phase_failed:"failed",phase_skipped:"skipped",phase_pending:"pending",whole_domain:"Domain"},dt={en:le};function I(i,e,t={}){return((dt[(i??"en").split("-")[0]]??le)[e]??le[e]).replace(/\{(\w+)\}/g,(r,o)=>String(t[o]??`{${o}}`))}var k="datacenter_assistant",Ve="acknowledge_upgrade_alerts",ze="cancel_upgrade",He="VCF workload domain";var g=class extends Error{constructor(t){super(`no DataCenter Assistant domain for ${t}`);this.reference=t;this.name="DomainNotFound"}},pt=new Set(["targeting_new_vcf_version","downloading_bundle","precheck_running","upgrade_in_progress","waiting_for_acknowledgment"]);function Oe(i){if(!i||typeof i.device!="string"&&typeof i.entity!="string")throw new Error("Set 'device' (a VCF domain's device) or 'entity' (its upgrade status sensor)");if(i.log_lines!==void 0&&(!Number.isInteger(i.log_lines)||i.log_lines<0||i.log_lines>50))throw new Error("'log_lines' must be a whole number from 0 to 50");return i}function Me(i){let e=Object.values(i.entities).filter(t=>t.platform===k&&t.translation_key==="upgrade_status"&&t.device_id);return e.sort((t,n)=>t.entity_id.localeCompare(n.entity_id,void 0,{numeric:!0})),[...new Set(e.map(t=>t.device_id))]}function Ue(i,e){let t=e.device;t===void 0&&e.entity!==void 0&&(t=i.entities[e.entity]?.device_id);let n=e.device??e.entity??"";if(t===void 0)throw new g(n);let s=Object.values(i.entities).filter(d=>d.platform===k),r=(d,l)=>d?s.find(h=>h.device_id===d&&h.translation_key===l)?.entity_id:void 0,o=r(t,"upgrade_status");if(o===void 0)throw new g(n);return{deviceId:t,status:o,start:r(t,"start_upgrade"),precheck:r(t,"run_precheck"),currentVersion:r(t,"current_version"),availableVersion:r(t,"available_version"),log:r(t,"upgrade_logs"),connection:r(i.devices[t]?.via_device_id,"connection")}}var ht=/^- (.+?) · \*\*(INFO|WARNING|ERROR)\*\* · (.*)$/;function ut(i){if(typeof i!="string")return[];let e=[];for(let t of i.split(`
`)){let n=ht.exec(t);n!==null&&e.push({at:n[1],level:n[2].toLowerCase(),message:gt(n[3])})}return e}function gt(i){return i.replace(/\\(.)/g,"$1").replace(/&lt;/g,"<").replace(/&gt;/g,">").replace(/&amp;/g,"&")}function F(i){return i===void 0||i.state==="unknown"||i.state==="unavailable"?null:i.state}function j(i){return Array.isArray(i)?i:[]}function Re(i){return typeof i=="number"&&Number.isFinite(i)?i:0}function mt(i){return typeof i=="string"&&i.trim()!==""?i:null}function ft(i){if(i===null||typeof i!="object"||Array.isArray(i))return null;let e=i;return typeof e.at!="string"||typeof e.passed!="boolean"?null:{at:e.at,version:typeof e.version=="string"?e.version:"",passed:e.passed,errors:Re(e.errors),warnings:Re(e.warnings),findings:j(e.findings).filter(t=>typeof t=="string")}}function Le(i){return i!==void 0&&i.state!=="unavailable"}function Ie(i,e){let t=i.states[e.status];if(t===void 0)throw new g(e.status);let n=t.attributes,s=i.devices[e.deviceId],r=t.state!=="unavailable",o=t.state,d=n.running===!0,l=e.availableVersion?i.states[e.availableVersion]:void 0,h=l?.attributes.up_to_date===!0,u=F(e.currentVersion?i.states[e.currentVersion]:void 0),p=typeof n.target_version=="string"?n.target_version:null,m=h?null:F(l),f=(d||o.endsWith("_failed"))&&p!==null?p:m,y=e.connection?F(i.states[e.connection]):null,qe=n.sddc_manager_reachable!==!1,he=n.acknowledgment_pending===!0,Ye=e.start?i.states[e.start]:void 0,Ze=e.precheck?i.states[e.precheck]:void 0,W=mt(n.waiting_for),ue=r&&!d&&!pt.has(o)&&!h&&l!==void 0&&F(l)!==null,ge=j(n.phases);return{name:s?.name_by_user??s?.name??e.status,entities:e,status:t,available:r,state:o,running:d,currentVersion:u,targetVersion:f,upToDate:h,phases:W===null?ge:ge.map(z=>z.phase===o&&z.status==="current"?{...z,status:"waiting"}:z),progress:typeof n.progress_percent=="number"?n.progress_percent:null,currentComponent:typeof n.current_component=="string"?n.current_component:null,components:j(n.components),alerts:j(n.alerts),acknowledgmentPending:he,waitingFor:W,lastPrecheck:ft(n.last_precheck),canAcknowledge:r&&o==="waiting_for_acknowledgment"&&!he,canStart:ue&&Le(Ye),canPrecheck:ue&&Le(Ze),canCancel:r&&(W!==null||o==="waiting_for_acknowledgment"),connected:y===null?null:y==="on"&&qe,log:ut(e.log?i.states[e.log]?.attributes.markdown:void 0)}}function Fe(i){return i.running&&i.waitingFor===null&&["downloading_bundle","precheck_running","upgrade_in_progress"].includes(i.state)}function je(i){let e=i.components[0]?.total??0;if(i.state!=="upgrade_in_progress"||e===0)return i.progress;let n=(i.components.filter(s=>s.state==="completed").length+(i.progress??0)/100)/e;return Math.min(100,Math.round(n*100))}function ce(i){if(i===null||!Number.isFinite(i))return"";let e=Math.round(i),t=Math.floor(e/3600),n=Math.floor(e%3600/60),s=e%60;return t>0?`${t} h ${n} min`:n>0?`${n} min ${s} s`:`${s} s`}function Ke(i){return i.locale?.time_zone==="server"?i.config?.time_zone:void 0}function Be(i,e,t){let n=new Date(i);if(Number.isNaN(n.getTime()))return i;try{return new Intl.DateTimeFormat(e,{dateStyle:"medium",timeStyle:"short",timeZone:t}).format(n)}catch{return new Intl.DateTimeFormat(void 0,{dateStyle:"medium",timeStyle:"short"}).format(n)}}var _t=[{name:"device",required:!0,selector:{device:{filter:{integration:k,model:He}}}},{name:"log_lines",selector:{number:{min:0,max:50,mode:"box"}}}],vt={device:"editor_device",log_lines:"editor_log_lines"},de="datacenter-assistant-upgrade-card-editor",K=class extends _{static{this.properties={hass:{attribute:!1},_config:{state:!0}}}setConfig(e){this._config=e}connectedCallback(){super.connectedCallback(),$t()}render(){if(this.hass===void 0||this._config===void 0)return a;let t={device:this._config.device??(this._config.entity?this.hass.entities[this._config.entity]?.device_id:void 0),log_lines:this._config.log_lines??3},n=this.hass.locale?.language??this.hass.language;return c`<ha-form
      .hass=${this.hass}
      .data=${t}
      .schema=${_t}
      .computeLabel=${s=>I(n,vt[s.name])}
      @value-changed=${this.valueChanged}
    ></ha-form>`}valueChanged(e){e.stopPropagation();let{device:t,log_lines:n}=e.detail.value,s={type:this._config?.type??"custom:datacenter-assistant-upgrade-card"};t&&(s.device=t),n!==void 0&&n!==3&&(s.log_lines=n),this._config=s,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:s},bubbles:!0,composed:!0}))}};async function $t(){if(customElements.get("ha-form"))return;await(await window.loadCardHelpers?.())?.createCardElement({type:"entities",entities:[]})?.constructor?.getConfigElement?.()}var Ge=Y`
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
`;var B="datacenter-assistant-upgrade-card",yt={waiting_for_initiation:"mdi:play-circle-outline",targeting_new_vcf_version:"mdi:target",downloading_bundle:"mdi:download",precheck_running:"mdi:clipboard-check-outline",upgrade_in_progress:"mdi:update",waiting_for_acknowledgment:"mdi:hand-back-right-outline",upgrade_completed:"mdi:flag-checkered"},bt={done:"mdi:check",failed:"mdi:close",waiting:"mdi:pause"},wt={in_progress:"mdi:progress-upload",waiting:"mdi:pause-circle",completed:"mdi:check-circle",failed:"mdi:alert-circle"},pe=class extends _{static{this.styles=Ge}static{this.properties={hass:{attribute:!1},_config:{state:!0},_confirmingStart:{state:!0},_confirmingCancel:{state:!0},_pending:{state:!0},_error:{state:!0},_fullLog:{state:!0},_allFindings:{state:!0}}}constructor(){super(),this._confirmingStart=!1,this._confirmingCancel=!1,this._pending=null,this._error=null,this._fullLog=!1,this._allFindings=!1}setConfig(e){this._config=Oe(e)}static getConfigElement(){return document.createElement(de)}static getStubConfig(e){let[t]=Me(e);return{type:`custom:${B}`,device:t??""}}getCardSize(){return 6+(this._config?.log_lines??3)}getGridOptions(){return{columns:12,min_columns:6,rows:"auto"}}shouldUpdate(e){if(!e.has("hass")||e.size>1)return!0;let t=e.get("hass"),n=this.hass;if(t===void 0||n===void 0||this._config===void 0||t.entities!==n.entities||t.devices!==n.devices)return!0;let s=this.resolve(n,this._config);return s instanceof g?!0:[s.status,s.start,s.precheck,s.currentVersion,s.availableVersion,s.log,s.connection].some(r=>r!==void 0&&t.states[r]!==n.states[r])}resolve(e,t){let n=this._resolution;if(n!==void 0&&n.config===t&&n.registries[0]===e.entities&&n.registries[1]===e.devices)return n.result;let s;try{s=Ue(e,t)}catch(r){if(!(r instanceof g))throw r;s=r}return this._resolution={registries:[e.entities,e.devices],config:t,result:s},s}willUpdate(e){if(super.willUpdate(e),this.hass===void 0||this._config===void 0){this._view=void 0;return}let t=this.resolve(this.hass,this._config);try{this._view=t instanceof g?t:Ie(this.hass,t)}catch(n){if(!(n instanceof g))throw n;this._view=n}this._confirmingStart&&!(this._view instanceof g)&&!this._view.canStart&&(this._confirmingStart=!1),this._confirmingCancel&&!(this._view instanceof g)&&!this._view.canCancel&&(this._confirmingCancel=!1)}get language(){return this.hass?.locale?.language??this.hass?.language}t(e,t){return I(this.language,e,t)}render(){let e=this._view;return e===void 0?a:e instanceof g?c`<ha-card class="not-found">
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
    </div>`}phaseName(e,t){let n=this.hass?.formatEntityState;return n!==void 0?n(e.status,t):t.replace(/_/g," ").replace(/^./,s=>s.toUpperCase())}renderStepper(e){return c`<ol class="stepper">
      ${e.phases.map(t=>{let n=this.phaseName(e,t.phase),s=ce(t.duration),r=`${n}: ${this.t(`phase_${t.status}`)}${s?` (${s})`:""}`;return c`<li
          class="step"
          data-phase=${t.phase}
          data-status=${t.status}
          title=${r}
          aria-current=${t.status==="current"||t.status==="waiting"?"step":"false"}
        >
          <span class="marker"><ha-icon icon=${this.phaseIcon(e,t)}></ha-icon></span>
          <span class="step-label">${n}</span>
        </li>`})}
    </ol>`}phaseIcon(e,t){return e.waitingFor!==null&&t.status==="waiting"&&t.phase===e.state?"mdi:timer-sand":bt[t.status]??yt[t.phase]??"mdi:circle-outline"}renderStatus(e){if(!e.available)return c`<div class="status"><span class="error">${this.t("unavailable")}</span></div>`;let t=e.components.find(s=>s.state==="in_progress"||s.state==="waiting"),n=[t?`${this.componentName(t)} (${t.position}/${t.total})`:"",e.progress!==null?this.t("progress",{percent:e.progress}):""].filter(Boolean);return c`<div class="status">
        <span class="state">${this.hass?.formatEntityState?.(e.status)??e.state}</span>
        ${e.running&&e.waitingFor===null&&n.length>0?c`<span class="detail">${n.join(" · ")}</span>`:a}
      </div>
      ${Fe(e)?this.renderProgress(je(e)):a}`}renderWaiting(e){return e.waitingFor===null?a:c`<div class="waiting-for" role="status">
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
    </div>`}componentName(e){return e.component??this.t("whole_domain")}renderComponents(e){return e.components.length===0?a:c`<section>
      <h3>${this.t("components")}</h3>
      <ul class="components">
        ${e.components.map(t=>c`<li data-component=${t.component??"domain"} data-state=${t.state}>
            <ha-icon icon=${wt[t.state]}></ha-icon>
            <div>
              <div>${this.componentName(t)}</div>
              <div class="versions-cell">
                ${t.from_version??""}${t.from_version&&t.to_version?" → ":""}${t.to_version??""}
              </div>
            </div>
            <div class="meta">
              <div>${this.t(`component_${t.state}`)}</div>
              <div>${ce(t.duration)}</div>
            </div>
          </li>`)}
      </ul>
    </section>`}renderAlerts(e){return e.state!=="waiting_for_acknowledgment"&&e.alerts.length===0?a:c`<section class="alert-box">
      <h3>${this.t("alerts")}</h3>
      <ul class="alerts">
        ${e.alerts.map(t=>c`<li data-kind=${t.kind} data-severity=${t.severity}>
            ${t.component?c`<span class="component">${t.component}:</span> `:a}${t.message}
          </li>`)}
      </ul>
      ${e.acknowledgmentPending?c`<div class="empty">${this.t("acknowledgment_pending")}</div>`:a}
    </section>`}renderPrecheck(e){let t=e.lastPrecheck;if(t===null)return a;let n=this._allFindings?t.findings:t.findings.slice(0,3),s=this.hass?Be(t.at,this.language,Ke(this.hass)):t.at;return c`<section class="precheck" data-passed=${String(t.passed)}>
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
        <time datetime=${t.at} title=${t.at}>${s}</time>
        <span class="counts">${this.t("precheck_counts",{errors:t.errors,warnings:t.warnings})}</span>
      </div>
      ${n.length===0?c`<div class="empty">${this.t("no_findings")}</div>`:c`<ul class=${this._allFindings?"findings full":"findings"}>
            ${n.map(r=>c`<li class="message">${r}</li>`)}
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
            ${n.map(s=>c`<li data-level=${s.level}>
                <time>${s.at.replace(/^\d{4}-\d{2}-\d{2} /,"").replace(/ UTC$/,"")}</time>
                <span class="message">${s.message}</span>
              </li>`)}
          </ul>`}
    </section>`}askToStart(){this._error=null,this._confirmingStart=!0}cancelStart(){this._confirmingStart=!1}async confirmStart(){let e=this.shownView();e?.entities.start!==void 0&&(await this.call("start",()=>this.hass.callService("button","press",{},{entity_id:e.entities.start})),this._confirmingStart=!1)}async runPrecheck(){let e=this.shownView();e?.entities.precheck!==void 0&&await this.call("precheck",()=>this.hass.callService("button","press",{},{entity_id:e.entities.precheck}))}askToCancel(){this._error=null,this._confirmingCancel=!0}keepRun(){this._confirmingCancel=!1}async confirmCancel(){let e=this.shownView();e!==null&&(await this.call("cancel",()=>this.hass.callService(k,ze,{},{entity_id:e.entities.status})),this._confirmingCancel=!1)}async acknowledge(){let e=this.shownView();e!==null&&await this.call("acknowledge",()=>this.hass.callService(k,Ve,{},{entity_id:e.entities.status}))}toggleLog(){this._fullLog=!this._fullLog}toggleFindings(){this._allFindings=!this._allFindings}shownView(){return this._view===void 0||this._view instanceof g?null:this._view}async call(e,t){this._pending=e,this._error=null;try{await t()}catch(n){this._error=n instanceof Error?n.message:String(n?.message??n)}finally{this._pending=null}}};customElements.whenDefined("home-assistant").then(()=>{for(let[i,e]of[[de,K],[B,pe]])customElements.get(i)||customElements.define(i,e)});var G=window;G.customCards=G.customCards??[];G.customCards.some(i=>i.type===B)||G.customCards.push({type:B,name:"VCF domain upgrade",description:"One VCF domain's upgrade: phases, components, alerts, last precheck; start, precheck, acknowledge and cancel.",preview:!0,documentationURL:"https://github.com/datacenter-assistant/datacenter-assistant#the-dashboard-card"});export{B as CARD_TYPE,pe as DatacenterAssistantUpgradeCard};
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
