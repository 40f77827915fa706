var H=globalThis,V=H.ShadowRoot&&(H.ShadyCSS===void 0||H.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,K=Symbol(),ht=new WeakMap,k=class{constructor(t,e,n){if(this._$cssResult$=!0,n!==K)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(V&&t===void 0){let n=e!==void 0&&e.length===1;n&&(t=ht.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),n&&ht.set(e,t))}return t}toString(){return this.cssText}},ut=r=>new k(typeof r=="string"?r:r+"",void 0,K),G=(r,...t)=>{let e=r.length===1?r[0]:t.reduce((n,s,i)=>n+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+r[i+1],r[0]);return new k(e,r,K)},gt=(r,t)=>{if(V)r.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let n=document.createElement("style"),s=H.litNonce;s!==void 0&&n.setAttribute("nonce",s),n.textContent=e.cssText,r.appendChild(n)}},W=V?r=>r:r=>r instanceof CSSStyleSheet?(t=>{let e="";for(let n of t.cssRules)e+=n.cssText;return ut(e)})(r):r;var{is:Mt,defineProperty:It,getOwnPropertyDescriptor:jt,getOwnPropertyNames:Ft,getOwnPropertySymbols:Bt,getPrototypeOf:Kt}=Object,U=globalThis,mt=U.trustedTypes,Gt=mt?mt.emptyScript:"",Wt=U.reactiveElementPolyfillSupport,P=(r,t)=>r,q={toAttribute(r,t){switch(t){case Boolean:r=r?Gt:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,t){let e=r;switch(t){case Boolean:e=r!==null;break;case Number:e=r===null?null:Number(r);break;case Object:case Array:try{e=JSON.parse(r)}catch{e=null}}return e}},_t=(r,t)=>!Mt(r,t),ft={attribute:!0,type:String,converter:q,reflect:!1,useDefault:!1,hasChanged:_t};Symbol.metadata??=Symbol("metadata"),U.litPropertyMetadata??=new WeakMap;var v=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=ft){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let n=Symbol(),s=this.getPropertyDescriptor(t,n,e);s!==void 0&&It(this.prototype,t,s)}}static getPropertyDescriptor(t,e,n){let{get:s,set:i}=jt(this.prototype,t)??{get(){return this[e]},set(o){this[e]=o}};return{get:s,set(o){let d=s?.call(this);i?.call(this,o),this.requestUpdate(t,d,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??ft}static _$Ei(){if(this.hasOwnProperty(P("elementProperties")))return;let t=Kt(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(P("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(P("properties"))){let e=this.properties,n=[...Ft(e),...Bt(e)];for(let s of n)this.createProperty(s,e[s])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[n,s]of e)this.elementProperties.set(n,s)}this._$Eh=new Map;for(let[e,n]of this.elementProperties){let s=this._$Eu(e,n);s!==void 0&&this._$Eh.set(s,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let n=new Set(t.flat(1/0).reverse());for(let s of n)e.unshift(W(s))}else t!==void 0&&e.push(W(t));return e}static _$Eu(t,e){let n=e.attribute;return n===!1?void 0:typeof n=="string"?n:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let n of e.keys())this.hasOwnProperty(n)&&(t.set(n,this[n]),delete this[n]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return gt(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,n){this._$AK(t,n)}_$ET(t,e){let n=this.constructor.elementProperties.get(t),s=this.constructor._$Eu(t,n);if(s!==void 0&&n.reflect===!0){let i=(n.converter?.toAttribute!==void 0?n.converter:q).toAttribute(e,n.type);this._$Em=t,i==null?this.removeAttribute(s):this.setAttribute(s,i),this._$Em=null}}_$AK(t,e){let n=this.constructor,s=n._$Eh.get(t);if(s!==void 0&&this._$Em!==s){let i=n.getPropertyOptions(s),o=typeof i.converter=="function"?{fromAttribute:i.converter}:i.converter?.fromAttribute!==void 0?i.converter:q;this._$Em=s;let d=o.fromAttribute(e,i.type);this[s]=d??this._$Ej?.get(s)??d,this._$Em=null}}requestUpdate(t,e,n,s=!1,i){if(t!==void 0){let o=this.constructor;if(s===!1&&(i=this[t]),n??=o.getPropertyOptions(t),!((n.hasChanged??_t)(i,e)||n.useDefault&&n.reflect&&i===this._$Ej?.get(t)&&!this.hasAttribute(o._$Eu(t,n))))return;this.C(t,e,n)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:n,reflect:s,wrapped:i},o){n&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,o??e??this[t]),i!==!0||o!==void 0)||(this._$AL.has(t)||(this.hasUpdated||n||(e=void 0),this._$AL.set(t,e)),s===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,i]of this._$Ep)this[s]=i;this._$Ep=void 0}let n=this.constructor.elementProperties;if(n.size>0)for(let[s,i]of n){let{wrapped:o}=i,d=this[s];o!==!0||this._$AL.has(s)||d===void 0||this.C(s,void 0,i,d)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(n=>n.hostUpdate?.()),this.update(e)):this._$EM()}catch(n){throw t=!1,this._$EM(),n}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};v.elementStyles=[],v.shadowRootOptions={mode:"open"},v[P("elementProperties")]=new Map,v[P("finalized")]=new Map,Wt?.({ReactiveElement:v}),(U.reactiveElementVersions??=[]).push("2.1.2");var et=globalThis,vt=r=>r,z=et.trustedTypes,$t=z?z.createPolicy("lit-html",{createHTML:r=>r}):void 0,Et="$lit$",$=`lit$${Math.random().toFixed(9).slice(2)}$`,Ct="?"+$,qt=`<${Ct}>`,x=document,D=()=>x.createComment(""),N=r=>r===null||typeof r!="object"&&typeof r!="function",nt=Array.isArray,Yt=r=>nt(r)||typeof r?.[Symbol.iterator]=="function",Y=`[ 	
\f\r]`,T=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,yt=/-->/g,bt=/>/g,b=RegExp(`>|${Y}(?:([^\\s"'>=/]+)(${Y}*=${Y}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),wt=/'/g,xt=/"/g,St=/^(?:script|style|textarea|title)$/i,st=r=>(t,...e)=>({_$litType$:r,strings:t,values:e}),c=st(1),ge=st(2),me=st(3),A=Symbol.for("lit-noChange"),l=Symbol.for("lit-nothing"),At=new WeakMap,w=x.createTreeWalker(x,129);function kt(r,t){if(!nt(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return $t!==void 0?$t.createHTML(t):t}var Jt=(r,t)=>{let e=r.length-1,n=[],s,i=t===2?"<svg>":t===3?"<math>":"",o=T;for(let d=0;d<e;d++){let a=r[d],h,u,p=-1,m=0;for(;m<a.length&&(o.lastIndex=m,u=o.exec(a),u!==null);)m=o.lastIndex,o===T?u[1]==="!--"?o=yt:u[1]!==void 0?o=bt:u[2]!==void 0?(St.test(u[2])&&(s=RegExp("</"+u[2],"g")),o=b):u[3]!==void 0&&(o=b):o===b?u[0]===">"?(o=s??T,p=-1):u[1]===void 0?p=-2:(p=o.lastIndex-u[2].length,h=u[1],o=u[3]===void 0?b:u[3]==='"'?xt:wt):o===xt||o===wt?o=b:o===yt||o===bt?o=T:(o=b,s=void 0);let f=o===b&&r[d+1].startsWith("/>")?" ":"";i+=o===T?a+qt:p>=0?(n.push(h),a.slice(0,p)+Et+a.slice(p)+$+f):a+$+(p===-2?d:f)}return[kt(r,i+(r[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),n]},L=class r{constructor({strings:t,_$litType$:e},n){let s;this.parts=[];let i=0,o=0,d=t.length-1,a=this.parts,[h,u]=Jt(t,e);if(this.el=r.createElement(h,n),w.currentNode=this.el.content,e===2||e===3){let p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(s=w.nextNode())!==null&&a.length<d;){if(s.nodeType===1){if(s.hasAttributes())for(let p of s.getAttributeNames())if(p.endsWith(Et)){let m=u[o++],f=s.getAttribute(p).split($),y=/([.?@])?(.*)/.exec(m);a.push({type:1,index:i,name:y[2],strings:f,ctor:y[1]==="."?X:y[1]==="?"?Z:y[1]==="@"?Q:C}),s.removeAttribute(p)}else p.startsWith($)&&(a.push({type:6,index:i}),s.removeAttribute(p));if(St.test(s.tagName)){let p=s.textContent.split($),m=p.length-1;if(m>0){s.textContent=z?z.emptyScript:"";for(let f=0;f<m;f++)s.append(p[f],D()),w.nextNode(),a.push({type:2,index:++i});s.append(p[m],D())}}}else if(s.nodeType===8)if(s.data===Ct)a.push({type:2,index:i});else{let p=-1;for(;(p=s.data.indexOf($,p+1))!==-1;)a.push({type:7,index:i}),p+=$.length-1}i++}}static createElement(t,e){let n=x.createElement("template");return n.innerHTML=t,n}};function E(r,t,e=r,n){if(t===A)return t;let s=n!==void 0?e._$Co?.[n]:e._$Cl,i=N(t)?void 0:t._$litDirective$;return s?.constructor!==i&&(s?._$AO?.(!1),i===void 0?s=void 0:(s=new i(r),s._$AT(r,e,n)),n!==void 0?(e._$Co??=[])[n]=s:e._$Cl=s),s!==void 0&&(t=E(r,s._$AS(r,t.values),s,n)),t}var J=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:n}=this._$AD,s=(t?.creationScope??x).importNode(e,!0);w.currentNode=s;let i=w.nextNode(),o=0,d=0,a=n[0];for(;a!==void 0;){if(o===a.index){let h;a.type===2?h=new R(i,i.nextSibling,this,t):a.type===1?h=new a.ctor(i,a.name,a.strings,this,t):a.type===6&&(h=new tt(i,this,t)),this._$AV.push(h),a=n[++d]}o!==a?.index&&(i=w.nextNode(),o++)}return w.currentNode=x,s}p(t){let e=0;for(let n of this._$AV)n!==void 0&&(n.strings!==void 0?(n._$AI(t,n,e),e+=n.strings.length-2):n._$AI(t[e])),e++}},R=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,n,s){this.type=2,this._$AH=l,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=n,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=E(this,t,e),N(t)?t===l||t==null||t===""?(this._$AH!==l&&this._$AR(),this._$AH=l):t!==this._$AH&&t!==A&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):Yt(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==l&&N(this._$AH)?this._$AA.nextSibling.data=t:this.T(x.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:n}=t,s=typeof n=="number"?this._$AC(t):(n.el===void 0&&(n.el=L.createElement(kt(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===s)this._$AH.p(e);else{let i=new J(s,this),o=i.u(this.options);i.p(e),this.T(o),this._$AH=i}}_$AC(t){let e=At.get(t.strings);return e===void 0&&At.set(t.strings,e=new L(t)),e}k(t){nt(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,n,s=0;for(let i of t)s===e.length?e.push(n=new r(this.O(D()),this.O(D()),this,this.options)):n=e[s],n._$AI(i),s++;s<e.length&&(this._$AR(n&&n._$AB.nextSibling,s),e.length=s)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let n=vt(t).nextSibling;vt(t).remove(),t=n}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},C=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,n,s,i){this.type=1,this._$AH=l,this._$AN=void 0,this.element=t,this.name=e,this._$AM=s,this.options=i,n.length>2||n[0]!==""||n[1]!==""?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=l}_$AI(t,e=this,n,s){let i=this.strings,o=!1;if(i===void 0)t=E(this,t,e,0),o=!N(t)||t!==this._$AH&&t!==A,o&&(this._$AH=t);else{let d=t,a,h;for(t=i[0],a=0;a<i.length-1;a++)h=E(this,d[n+a],e,a),h===A&&(h=this._$AH[a]),o||=!N(h)||h!==this._$AH[a],h===l?t=l:t!==l&&(t+=(h??"")+i[a+1]),this._$AH[a]=h}o&&!s&&this.j(t)}j(t){t===l?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},X=class extends C{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===l?void 0:t}},Z=class extends C{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==l)}},Q=class extends C{constructor(t,e,n,s,i){super(t,e,n,s,i),this.type=5}_$AI(t,e=this){if((t=E(this,t,e,0)??l)===A)return;let n=this._$AH,s=t===l&&n!==l||t.capture!==n.capture||t.once!==n.once||t.passive!==n.passive,i=t!==l&&(n===l||s);s&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},tt=class{constructor(t,e,n){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(t){E(this,t)}};var Xt=et.litHtmlPolyfillSupport;Xt?.(L,R),(et.litHtmlVersions??=[]).push("3.3.3");var Pt=(r,t,e)=>{let n=e?.renderBefore??t,s=n._$litPart$;if(s===void 0){let i=e?.renderBefore??null;n._$litPart$=s=new R(t.insertBefore(D(),i),i,void 0,e??{})}return s._$AI(r),s};var rt=globalThis,_=class extends v{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Pt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return A}};_._$litElement$=!0,_.finalized=!0,rt.litElementHydrateSupport?.({LitElement:_});var Zt=rt.litElementPolyfillSupport;Zt?.({LitElement:_});(rt.litElementVersions??=[]).push("4.2.2");var it={acknowledge:"Acknowledge",acknowledging:"Acknowledging…",acknowledgment_pending:"Acknowledged; sent when SDDC Manager answers again",alerts:"Needs your acknowledgment",cancel:"Cancel",components:"Components",confirm_start:"Start the upgrade of {domain} to VCF {version}? SDDC Manager upgrades its components one after the other; this cannot be undone from here.",confirm_start_button:"Start upgrade",connected:"SDDC Manager connected",disconnected:"SDDC Manager not answering",editor_device:"VCF domain",editor_log_lines:"Log lines shown",full_log:"Full log",hide_log:"Fewer lines",log:"Log",no_domain:"No DataCenter Assistant domain found for {reference}",no_log:"No upgrade activity yet",progress:"{percent} %",start_upgrade:"Start upgrade",starting:"Starting…",unavailable:"SDDC Manager cannot be reached: the domain's state is unknown",up_to_date:"up to date",component_in_progress:"upgrading",component_waiting:"waiting",component_completed:"done",component_failed:"failed",phase_done:"done",phase_current:"current",phase_waiting:"waiting",phase_failed:"failed",phase_skipped:"skipped",phase_pending:"pending",whole_domain:"Domain"},Qt={en:it};function M(r,t,e={}){return((Qt[(r??"en").split("-")[0]]??it)[t]??it[t]).replace(/\{(\w+)\}/g,(i,o)=>String(e[o]??`{${o}}`))}var S="datacenter_assistant",Tt="acknowledge_upgrade_alerts",Dt="VCF workload domain";var g=class extends Error{constructor(e){super(`no DataCenter Assistant domain for ${e}`);this.reference=e;this.name="DomainNotFound"}},te=new Set(["targeting_new_vcf_version","downloading_bundle","precheck_running","upgrade_in_progress","waiting_for_acknowledgment"]);function Nt(r){if(!r||typeof r.device!="string"&&typeof r.entity!="string")throw new Error("Set 'device' (a VCF domain's device) or 'entity' (its upgrade status sensor)");if(r.log_lines!==void 0&&(!Number.isInteger(r.log_lines)||r.log_lines<0||r.log_lines>50))throw new Error("'log_lines' must be a whole number from 0 to 50");return r}function Lt(r){let t=Object.values(r.entities).filter(e=>e.platform===S&&e.translation_key==="upgrade_status"&&e.device_id);return t.sort((e,n)=>e.entity_id.localeCompare(n.entity_id,void 0,{numeric:!0})),[...new Set(t.map(e=>e.device_id))]}function Rt(r,t){let e=t.device;e===void 0&&t.entity!==void 0&&(e=r.entities[t.entity]?.device_id);let n=t.device??t.entity??"";if(e===void 0)throw new g(n);let s=Object.values(r.entities).filter(d=>d.platform===S),i=(d,a)=>d?s.find(h=>h.device_id===d&&h.translation_key===a)?.entity_id:void 0,o=i(e,"upgrade_status");if(o===void 0)throw new g(n);return{deviceId:e,status:o,start:i(e,"start_upgrade"),currentVersion:i(e,"current_version"),availableVersion:i(e,"available_version"),log:i(e,"upgrade_logs"),connection:i(r.devices[e]?.via_device_id,"connection")}}var ee=/^- (.+?) · \*\*(INFO|WARNING|ERROR)\*\* · (.*)$/;function ne(r){if(typeof r!="string")return[];let t=[];for(let e of r.split(`
`)){let n=ee.exec(e);n!==null&&t.push({at:n[1],level:n[2].toLowerCase(),message:se(n[3])})}return t}function se(r){return r.replace(/\\(.)/g,"$1").replace(/&lt;/g,"<").replace(/&gt;/g,">").replace(/&amp;/g,"&")}function I(r){return r===void 0||r.state==="unknown"||r.state==="unavailable"?null:r.state}function ot(r){return Array.isArray(r)?r:[]}function Ot(r,t){let e=r.states[t.status];if(e===void 0)throw new g(t.status);let n=e.attributes,s=r.devices[t.deviceId],i=e.state!=="unavailable",o=e.state,d=n.running===!0,a=t.availableVersion?r.states[t.availableVersion]:void 0,h=a?.attributes.up_to_date===!0,u=I(t.currentVersion?r.states[t.currentVersion]:void 0),p=typeof n.target_version=="string"?n.target_version:null,m=h?null:I(a),f=(d||o.endsWith("_failed"))&&p!==null?p:m,y=t.connection?I(r.states[t.connection]):null,zt=n.sddc_manager_reachable!==!1,dt=n.acknowledgment_pending===!0,pt=t.start?r.states[t.start]:void 0;return{name:s?.name_by_user??s?.name??t.status,entities:t,status:e,available:i,state:o,running:d,currentVersion:u,targetVersion:f,upToDate:h,phases:ot(n.phases),progress:typeof n.progress_percent=="number"?n.progress_percent:null,currentComponent:typeof n.current_component=="string"?n.current_component:null,components:ot(n.components),alerts:ot(n.alerts),acknowledgmentPending:dt,canAcknowledge:i&&o==="waiting_for_acknowledgment"&&!dt,canStart:i&&!d&&!te.has(o)&&!h&&a!==void 0&&I(a)!==null&&pt!==void 0&&pt.state!=="unavailable",connected:y===null?null:y==="on"&&zt,log:ne(t.log?r.states[t.log]?.attributes.markdown:void 0)}}function Ht(r){return r.running&&["downloading_bundle","precheck_running","upgrade_in_progress"].includes(r.state)}function Vt(r){let t=r.components[0]?.total??0;if(r.state!=="upgrade_in_progress"||t===0)return r.progress;let n=(r.components.filter(s=>s.state==="completed").length+(r.progress??0)/100)/t;return Math.min(100,Math.round(n*100))}function at(r){if(r===null||!Number.isFinite(r))return"";let t=Math.round(r),e=Math.floor(t/3600),n=Math.floor(t%3600/60),s=t%60;return e>0?`${e} h ${n} min`:n>0?`${n} min ${s} s`:`${s} s`}var re=[{name:"device",required:!0,selector:{device:{filter:{integration:S,model:Dt}}}},{name:"log_lines",selector:{number:{min:0,max:50,mode:"box"}}}],ie={device:"editor_device",log_lines:"editor_log_lines"},lt="datacenter-assistant-upgrade-card-editor",j=class extends _{static{this.properties={hass:{attribute:!1},_config:{state:!0}}}setConfig(t){this._config=t}connectedCallback(){super.connectedCallback(),oe()}render(){if(this.hass===void 0||this._config===void 0)return l;let e={device:this._config.device??(this._config.entity?this.hass.entities[this._config.entity]?.device_id:void 0),log_lines:this._config.log_lines??3},n=this.hass.locale?.language??this.hass.language;return c`<ha-form
      .hass=${this.hass}
      .data=${e}
      .schema=${re}
      .computeLabel=${s=>M(n,ie[s.name])}
      @value-changed=${this.valueChanged}
    ></ha-form>`}valueChanged(t){t.stopPropagation();let{device:e,log_lines:n}=t.detail.value,s={type:this._config?.type??"custom:datacenter-assistant-upgrade-card"};e&&(s.device=e),n!==void 0&&n!==3&&(s.log_lines=n),this._config=s,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:s},bubbles:!0,composed:!0}))}};async function oe(){if(customElements.get("ha-form"))return;await(await window.loadCardHelpers?.())?.createCardElement({type:"entities",entities:[]})?.constructor?.getConfigElement?.()}var Ut=G`
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
`;var F="datacenter-assistant-upgrade-card",ae={waiting_for_initiation:"mdi:play-circle-outline",targeting_new_vcf_version:"mdi:target",downloading_bundle:"mdi:download",precheck_running:"mdi:clipboard-check-outline",upgrade_in_progress:"mdi:update",waiting_for_acknowledgment:"mdi:hand-back-right-outline",upgrade_completed:"mdi:flag-checkered"},le={done:"mdi:check",failed:"mdi:close",waiting:"mdi:pause"},ce={in_progress:"mdi:progress-upload",waiting:"mdi:pause-circle",completed:"mdi:check-circle",failed:"mdi:alert-circle"},ct=class extends _{static{this.styles=Ut}static{this.properties={hass:{attribute:!1},_config:{state:!0},_confirmingStart:{state:!0},_pending:{state:!0},_error:{state:!0},_fullLog:{state:!0}}}constructor(){super(),this._confirmingStart=!1,this._pending=null,this._error=null,this._fullLog=!1}setConfig(t){this._config=Nt(t)}static getConfigElement(){return document.createElement(lt)}static getStubConfig(t){let[e]=Lt(t);return{type:`custom:${F}`,device:e??""}}getCardSize(){return 6+(this._config?.log_lines??3)}getGridOptions(){return{columns:12,min_columns:6,rows:"auto"}}shouldUpdate(t){if(!t.has("hass")||t.size>1)return!0;let e=t.get("hass"),n=this.hass;if(e===void 0||n===void 0||this._config===void 0||e.entities!==n.entities||e.devices!==n.devices)return!0;let s=this.resolve(n,this._config);return s instanceof g?!0:[s.status,s.start,s.currentVersion,s.availableVersion,s.log,s.connection].some(i=>i!==void 0&&e.states[i]!==n.states[i])}resolve(t,e){let n=this._resolution;if(n!==void 0&&n.config===e&&n.registries[0]===t.entities&&n.registries[1]===t.devices)return n.result;let s;try{s=Rt(t,e)}catch(i){if(!(i instanceof g))throw i;s=i}return this._resolution={registries:[t.entities,t.devices],config:e,result:s},s}willUpdate(t){if(super.willUpdate(t),this.hass===void 0||this._config===void 0){this._view=void 0;return}let e=this.resolve(this.hass,this._config);try{this._view=e instanceof g?e:Ot(this.hass,e)}catch(n){if(!(n instanceof g))throw n;this._view=n}this._confirmingStart&&!(this._view instanceof g)&&!this._view.canStart&&(this._confirmingStart=!1)}t(t,e){return M(this.hass?.locale?.language??this.hass?.language,t,e)}render(){let t=this._view;return t===void 0?l:t instanceof g?c`<ha-card class="not-found">
        <div class="error">${this.t("no_domain",{reference:t.reference||"?"})}</div>
      </ha-card>`:c`<ha-card data-state=${t.state}>
      ${this.renderHeader(t)} ${this.renderStepper(t)} ${this.renderStatus(t)}
      ${this.renderComponents(t)} ${this.renderAlerts(t)} ${this.renderActions(t)}
      ${this.renderLog(t)}
    </ha-card>`}renderHeader(t){let e=t.connected;return c`<div class="header">
      <div>
        <h2 class="title">${t.name}</h2>
        <div class="versions">
          <span class="current">${t.currentVersion??"–"}</span>
          ${t.targetVersion!==null?c` → <span class="target">${t.targetVersion}</span>`:t.upToDate?c` · ${this.t("up_to_date")}`:l}
        </div>
      </div>
      ${e===null?l:c`<div class="connection" data-connected=${String(e)}>
            <span class="dot"></span>${this.t(e?"connected":"disconnected")}
          </div>`}
    </div>`}phaseName(t,e){let n=this.hass?.formatEntityState;return n!==void 0?n(t.status,e):e.replace(/_/g," ").replace(/^./,s=>s.toUpperCase())}renderStepper(t){return c`<ol class="stepper">
      ${t.phases.map(e=>{let n=this.phaseName(t,e.phase),s=at(e.duration),i=`${n}: ${this.t(`phase_${e.status}`)}${s?` (${s})`:""}`;return c`<li
          class="step"
          data-phase=${e.phase}
          data-status=${e.status}
          title=${i}
          aria-current=${e.status==="current"||e.status==="waiting"?"step":"false"}
        >
          <span class="marker"><ha-icon icon=${le[e.status]??ae[e.phase]}></ha-icon></span>
          <span class="step-label">${n}</span>
        </li>`})}
    </ol>`}renderStatus(t){if(!t.available)return c`<div class="status"><span class="error">${this.t("unavailable")}</span></div>`;let e=t.components.find(s=>s.state==="in_progress"||s.state==="waiting"),n=[e?`${this.componentName(e)} (${e.position}/${e.total})`:"",t.progress!==null?this.t("progress",{percent:t.progress}):""].filter(Boolean);return c`<div class="status">
        <span class="state">${this.hass?.formatEntityState?.(t.status)??t.state}</span>
        ${t.running&&n.length>0?c`<span class="detail">${n.join(" · ")}</span>`:l}
      </div>
      ${Ht(t)?this.renderProgress(Vt(t)):l}`}renderProgress(t){return c`<div
      class="progress"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${t??l}
      data-percent=${t??""}
    >
      <div class="bar" style=${t===null?"":`width: ${t}%`}></div>
    </div>`}componentName(t){return t.component??this.t("whole_domain")}renderComponents(t){return t.components.length===0?l:c`<section>
      <h3>${this.t("components")}</h3>
      <ul class="components">
        ${t.components.map(e=>c`<li data-component=${e.component??"domain"} data-state=${e.state}>
            <ha-icon icon=${ce[e.state]}></ha-icon>
            <div>
              <div>${this.componentName(e)}</div>
              <div class="versions-cell">
                ${e.from_version??""}${e.from_version&&e.to_version?" → ":""}${e.to_version??""}
              </div>
            </div>
            <div class="meta">
              <div>${this.t(`component_${e.state}`)}</div>
              <div>${at(e.duration)}</div>
            </div>
          </li>`)}
      </ul>
    </section>`}renderAlerts(t){return t.state!=="waiting_for_acknowledgment"&&t.alerts.length===0?l:c`<section class="alert-box">
      <h3>${this.t("alerts")}</h3>
      <ul class="alerts">
        ${t.alerts.map(e=>c`<li data-kind=${e.kind} data-severity=${e.severity}>
            ${e.component?c`<span class="component">${e.component}:</span> `:l}${e.message}
          </li>`)}
      </ul>
      ${t.acknowledgmentPending?c`<div class="empty">${this.t("acknowledgment_pending")}</div>`:l}
    </section>`}renderActions(t){let e=this._error?c`<div class="error" role="alert">${this._error}</div>`:l;return this._confirmingStart&&t.canStart?c`${e}<div class="confirm" role="alertdialog">
        <span>${this.t("confirm_start",{domain:t.name,version:t.targetVersion??"?"})}</span>
        <div class="actions">
          <button class="cancel" @click=${this.cancelStart}>${this.t("cancel")}</button>
          <button class="primary confirm-start" ?disabled=${this._pending!==null} @click=${this.confirmStart}>
            ${this._pending==="start"?this.t("starting"):this.t("confirm_start_button")}
          </button>
        </div>
      </div>`:!t.canStart&&!t.canAcknowledge?e:c`${e}<div class="actions">
      ${t.canAcknowledge?c`<button class="warning acknowledge" ?disabled=${this._pending!==null} @click=${this.acknowledge}>
            ${this._pending==="acknowledge"?this.t("acknowledging"):this.t("acknowledge")}
          </button>`:l}
      ${t.canStart?c`<button class="primary start" @click=${this.askToStart}>${this.t("start_upgrade")}</button>`:l}
    </div>`}renderLog(t){let e=this._config?.log_lines??3;if(e===0&&!this._fullLog)return l;let n=this._fullLog?t.log:t.log.slice(0,e);return c`<section>
      <div class="log-header">
        <h3>${this.t("log")}</h3>
        ${t.log.length>e||this._fullLog?c`<button class="link full-log" aria-expanded=${String(this._fullLog)} @click=${this.toggleLog}>
              ${this.t(this._fullLog?"hide_log":"full_log")}
            </button>`:l}
      </div>
      ${n.length===0?c`<div class="empty">${this.t("no_log")}</div>`:c`<ul class=${this._fullLog?"log full":"log"}>
            ${n.map(s=>c`<li data-level=${s.level}>
                <time>${s.at.replace(/^\d{4}-\d{2}-\d{2} /,"").replace(/ UTC$/,"")}</time>
                <span class="message">${s.message}</span>
              </li>`)}
          </ul>`}
    </section>`}askToStart(){this._error=null,this._confirmingStart=!0}cancelStart(){this._confirmingStart=!1}async confirmStart(){let t=this.shownView();t?.entities.start!==void 0&&(await this.call("start",()=>this.hass.callService("button","press",{},{entity_id:t.entities.start})),this._confirmingStart=!1)}async acknowledge(){let t=this.shownView();t!==null&&await this.call("acknowledge",()=>this.hass.callService(S,Tt,{},{entity_id:t.entities.status}))}toggleLog(){this._fullLog=!this._fullLog}shownView(){return this._view===void 0||this._view instanceof g?null:this._view}async call(t,e){this._pending=t,this._error=null;try{await e()}catch(n){this._error=n instanceof Error?n.message:String(n?.message??n)}finally{this._pending=null}}};customElements.whenDefined("home-assistant").then(()=>{for(let[r,t]of[[lt,j],[F,ct]])customElements.get(r)||customElements.define(r,t)});var B=window;B.customCards=B.customCards??[];B.customCards.some(r=>r.type===F)||B.customCards.push({type:F,name:"VCF domain upgrade",description:"One VCF domain's upgrade: phases, components, alerts, start and acknowledge.",preview:!0,documentationURL:"https://github.com/datacenter-assistant/datacenter-assistant#the-dashboard-card"});export{F as CARD_TYPE,ct as DatacenterAssistantUpgradeCard};
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
