var H=globalThis,z=H.ShadowRoot&&(H.ShadyCSS===void 0||H.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,G=Symbol(),gt=new WeakMap,k=class{constructor(t,e,n){if(this._$cssResult$=!0,n!==G)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(z&&t===void 0){let n=e!==void 0&&e.length===1;n&&(t=gt.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),n&&gt.set(e,t))}return t}toString(){return this.cssText}},mt=r=>new k(typeof r=="string"?r:r+"",void 0,G),W=(r,...t)=>{let e=r.length===1?r[0]:t.reduce((n,s,i)=>n+(o=>{if(o._$cssResult$===!0)return o.cssText;if(typeof o=="number")return o;throw Error("Value passed to 'css' function must be a 'css' function result: "+o+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(s)+r[i+1],r[0]);return new k(e,r,G)},ft=(r,t)=>{if(z)r.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let n=document.createElement("style"),s=H.litNonce;s!==void 0&&n.setAttribute("nonce",s),n.textContent=e.cssText,r.appendChild(n)}},q=z?r=>r:r=>r instanceof CSSStyleSheet?(t=>{let e="";for(let n of t.cssRules)e+=n.cssText;return mt(e)})(r):r;var{is:Ut,defineProperty:It,getOwnPropertyDescriptor:jt,getOwnPropertyNames:Ft,getOwnPropertySymbols:Bt,getPrototypeOf:Kt}=Object,M=globalThis,_t=M.trustedTypes,Gt=_t?_t.emptyScript:"",Wt=M.reactiveElementPolyfillSupport,P=(r,t)=>r,Y={toAttribute(r,t){switch(t){case Boolean:r=r?Gt:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,t){let e=r;switch(t){case Boolean:e=r!==null;break;case Number:e=r===null?null:Number(r);break;case Object:case Array:try{e=JSON.parse(r)}catch{e=null}}return e}},$t=(r,t)=>!Ut(r,t),vt={attribute:!0,type:String,converter:Y,reflect:!1,useDefault:!1,hasChanged:$t};Symbol.metadata??=Symbol("metadata"),M.litPropertyMetadata??=new WeakMap;var _=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=vt){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let n=Symbol(),s=this.getPropertyDescriptor(t,n,e);s!==void 0&&It(this.prototype,t,s)}}static getPropertyDescriptor(t,e,n){let{get:s,set:i}=jt(this.prototype,t)??{get(){return this[e]},set(o){this[e]=o}};return{get:s,set(o){let d=s?.call(this);i?.call(this,o),this.requestUpdate(t,d,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??vt}static _$Ei(){if(this.hasOwnProperty(P("elementProperties")))return;let t=Kt(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(P("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(P("properties"))){let e=this.properties,n=[...Ft(e),...Bt(e)];for(let s of n)this.createProperty(s,e[s])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[n,s]of e)this.elementProperties.set(n,s)}this._$Eh=new Map;for(let[e,n]of this.elementProperties){let s=this._$Eu(e,n);s!==void 0&&this._$Eh.set(s,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let n=new Set(t.flat(1/0).reverse());for(let s of n)e.unshift(q(s))}else t!==void 0&&e.push(q(t));return e}static _$Eu(t,e){let n=e.attribute;return n===!1?void 0:typeof n=="string"?n:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let n of e.keys())this.hasOwnProperty(n)&&(t.set(n,this[n]),delete this[n]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return ft(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,n){this._$AK(t,n)}_$ET(t,e){let n=this.constructor.elementProperties.get(t),s=this.constructor._$Eu(t,n);if(s!==void 0&&n.reflect===!0){let i=(n.converter?.toAttribute!==void 0?n.converter:Y).toAttribute(e,n.type);this._$Em=t,i==null?this.removeAttribute(s):this.setAttribute(s,i),this._$Em=null}}_$AK(t,e){let n=this.constructor,s=n._$Eh.get(t);if(s!==void 0&&this._$Em!==s){let i=n.getPropertyOptions(s),o=typeof i.converter=="function"?{fromAttribute:i.converter}:i.converter?.fromAttribute!==void 0?i.converter:Y;this._$Em=s;let d=o.fromAttribute(e,i.type);this[s]=d??this._$Ej?.get(s)??d,this._$Em=null}}requestUpdate(t,e,n,s=!1,i){if(t!==void 0){let o=this.constructor;if(s===!1&&(i=this[t]),n??=o.getPropertyOptions(t),!((n.hasChanged??$t)(i,e)||n.useDefault&&n.reflect&&i===this._$Ej?.get(t)&&!this.hasAttribute(o._$Eu(t,n))))return;this.C(t,e,n)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:n,reflect:s,wrapped:i},o){n&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,o??e??this[t]),i!==!0||o!==void 0)||(this._$AL.has(t)||(this.hasUpdated||n||(e=void 0),this._$AL.set(t,e)),s===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[s,i]of this._$Ep)this[s]=i;this._$Ep=void 0}let n=this.constructor.elementProperties;if(n.size>0)for(let[s,i]of n){let{wrapped:o}=i,d=this[s];o!==!0||this._$AL.has(s)||d===void 0||this.C(s,void 0,i,d)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(n=>n.hostUpdate?.()),this.update(e)):this._$EM()}catch(n){throw t=!1,this._$EM(),n}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};_.elementStyles=[],_.shadowRootOptions={mode:"open"},_[P("elementProperties")]=new Map,_[P("finalized")]=new Map,Wt?.({ReactiveElement:_}),(M.reactiveElementVersions??=[]).push("2.1.2");var nt=globalThis,yt=r=>r,U=nt.trustedTypes,bt=U?U.createPolicy("lit-html",{createHTML:r=>r}):void 0,Et="$lit$",v=`lit$${Math.random().toFixed(9).slice(2)}$`,kt="?"+v,qt=`<${kt}>`,b=document,L=()=>b.createComment(""),N=r=>r===null||typeof r!="object"&&typeof r!="function",st=Array.isArray,Yt=r=>st(r)||typeof r?.[Symbol.iterator]=="function",J=`[ 	
\f\r]`,T=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,wt=/-->/g,xt=/>/g,$=RegExp(`>|${J}(?:([^\\s"'>=/]+)(${J}*=${J}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),At=/'/g,St=/"/g,Pt=/^(?:script|style|textarea|title)$/i,rt=r=>(t,...e)=>({_$litType$:r,strings:t,values:e}),c=rt(1),me=rt(2),fe=rt(3),w=Symbol.for("lit-noChange"),l=Symbol.for("lit-nothing"),Ct=new WeakMap,y=b.createTreeWalker(b,129);function Tt(r,t){if(!st(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return bt!==void 0?bt.createHTML(t):t}var Jt=(r,t)=>{let e=r.length-1,n=[],s,i=t===2?"<svg>":t===3?"<math>":"",o=T;for(let d=0;d<e;d++){let a=r[d],p,u,h=-1,g=0;for(;g<a.length&&(o.lastIndex=g,u=o.exec(a),u!==null);)g=o.lastIndex,o===T?u[1]==="!--"?o=wt:u[1]!==void 0?o=xt:u[2]!==void 0?(Pt.test(u[2])&&(s=RegExp("</"+u[2],"g")),o=$):u[3]!==void 0&&(o=$):o===$?u[0]===">"?(o=s??T,h=-1):u[1]===void 0?h=-2:(h=o.lastIndex-u[2].length,p=u[1],o=u[3]===void 0?$:u[3]==='"'?St:At):o===St||o===At?o=$:o===wt||o===xt?o=T:(o=$,s=void 0);let m=o===$&&r[d+1].startsWith("/>")?" ":"";i+=o===T?a+qt:h>=0?(n.push(p),a.slice(0,h)+Et+a.slice(h)+v+m):a+v+(h===-2?d:m)}return[Tt(r,i+(r[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),n]},D=class r{constructor({strings:t,_$litType$:e},n){let s;this.parts=[];let i=0,o=0,d=t.length-1,a=this.parts,[p,u]=Jt(t,e);if(this.el=r.createElement(p,n),y.currentNode=this.el.content,e===2||e===3){let h=this.el.content.firstChild;h.replaceWith(...h.childNodes)}for(;(s=y.nextNode())!==null&&a.length<d;){if(s.nodeType===1){if(s.hasAttributes())for(let h of s.getAttributeNames())if(h.endsWith(Et)){let g=u[o++],m=s.getAttribute(h).split(v),A=/([.?@])?(.*)/.exec(g);a.push({type:1,index:i,name:A[2],strings:m,ctor:A[1]==="."?Z:A[1]==="?"?Q:A[1]==="@"?tt:C}),s.removeAttribute(h)}else h.startsWith(v)&&(a.push({type:6,index:i}),s.removeAttribute(h));if(Pt.test(s.tagName)){let h=s.textContent.split(v),g=h.length-1;if(g>0){s.textContent=U?U.emptyScript:"";for(let m=0;m<g;m++)s.append(h[m],L()),y.nextNode(),a.push({type:2,index:++i});s.append(h[g],L())}}}else if(s.nodeType===8)if(s.data===kt)a.push({type:2,index:i});else{let h=-1;for(;(h=s.data.indexOf(v,h+1))!==-1;)a.push({type:7,index:i}),h+=v.length-1}i++}}static createElement(t,e){let n=b.createElement("template");return n.innerHTML=t,n}};function S(r,t,e=r,n){if(t===w)return t;let s=n!==void 0?e._$Co?.[n]:e._$Cl,i=N(t)?void 0:t._$litDirective$;return s?.constructor!==i&&(s?._$AO?.(!1),i===void 0?s=void 0:(s=new i(r),s._$AT(r,e,n)),n!==void 0?(e._$Co??=[])[n]=s:e._$Cl=s),s!==void 0&&(t=S(r,s._$AS(r,t.values),s,n)),t}var X=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:n}=this._$AD,s=(t?.creationScope??b).importNode(e,!0);y.currentNode=s;let i=y.nextNode(),o=0,d=0,a=n[0];for(;a!==void 0;){if(o===a.index){let p;a.type===2?p=new R(i,i.nextSibling,this,t):a.type===1?p=new a.ctor(i,a.name,a.strings,this,t):a.type===6&&(p=new et(i,this,t)),this._$AV.push(p),a=n[++d]}o!==a?.index&&(i=y.nextNode(),o++)}return y.currentNode=b,s}p(t){let e=0;for(let n of this._$AV)n!==void 0&&(n.strings!==void 0?(n._$AI(t,n,e),e+=n.strings.length-2):n._$AI(t[e])),e++}},R=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,n,s){this.type=2,this._$AH=l,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=n,this.options=s,this._$Cv=s?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=S(this,t,e),N(t)?t===l||t==null||t===""?(this._$AH!==l&&this._$AR(),this._$AH=l):t!==this._$AH&&t!==w&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):Yt(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==l&&N(this._$AH)?this._$AA.nextSibling.data=t:this.T(b.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:n}=t,s=typeof n=="number"?this._$AC(t):(n.el===void 0&&(n.el=D.createElement(Tt(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===s)this._$AH.p(e);else{let i=new X(s,this),o=i.u(this.options);i.p(e),this.T(o),this._$AH=i}}_$AC(t){let e=Ct.get(t.strings);return e===void 0&&Ct.set(t.strings,e=new D(t)),e}k(t){st(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,n,s=0;for(let i of t)s===e.length?e.push(n=new r(this.O(L()),this.O(L()),this,this.options)):n=e[s],n._$AI(i),s++;s<e.length&&(this._$AR(n&&n._$AB.nextSibling,s),e.length=s)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let n=yt(t).nextSibling;yt(t).remove(),t=n}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},C=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,n,s,i){this.type=1,this._$AH=l,this._$AN=void 0,this.element=t,this.name=e,this._$AM=s,this.options=i,n.length>2||n[0]!==""||n[1]!==""?(this._$AH=Array(n.length-1).fill(new String),this.strings=n):this._$AH=l}_$AI(t,e=this,n,s){let i=this.strings,o=!1;if(i===void 0)t=S(this,t,e,0),o=!N(t)||t!==this._$AH&&t!==w,o&&(this._$AH=t);else{let d=t,a,p;for(t=i[0],a=0;a<i.length-1;a++)p=S(this,d[n+a],e,a),p===w&&(p=this._$AH[a]),o||=!N(p)||p!==this._$AH[a],p===l?t=l:t!==l&&(t+=(p??"")+i[a+1]),this._$AH[a]=p}o&&!s&&this.j(t)}j(t){t===l?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},Z=class extends C{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===l?void 0:t}},Q=class extends C{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==l)}},tt=class extends C{constructor(t,e,n,s,i){super(t,e,n,s,i),this.type=5}_$AI(t,e=this){if((t=S(this,t,e,0)??l)===w)return;let n=this._$AH,s=t===l&&n!==l||t.capture!==n.capture||t.once!==n.once||t.passive!==n.passive,i=t!==l&&(n===l||s);s&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},et=class{constructor(t,e,n){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(t){S(this,t)}};var Xt=nt.litHtmlPolyfillSupport;Xt?.(D,R),(nt.litHtmlVersions??=[]).push("3.3.3");var Lt=(r,t,e)=>{let n=e?.renderBefore??t,s=n._$litPart$;if(s===void 0){let i=e?.renderBefore??null;n._$litPart$=s=new R(t.insertBefore(L(),i),i,void 0,e??{})}return s._$AI(r),s};var it=globalThis,f=class extends _{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Lt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return w}};f._$litElement$=!0,f.finalized=!0,it.litElementHydrateSupport?.({LitElement:f});var Zt=it.litElementPolyfillSupport;Zt?.({LitElement:f});(it.litElementVersions??=[]).push("4.2.2");var ot={acknowledge:"Acknowledge",acknowledging:"Acknowledging…",acknowledgment_pending:"Acknowledged; sent when SDDC Manager answers again",alerts:"Needs your acknowledgment",cancel:"Cancel",components:"Components",confirm_start:"Start the upgrade of {domain} to VCF {version}? SDDC Manager upgrades its components one after the other; this cannot be undone from here.",confirm_start_button:"Start upgrade",connected:"SDDC Manager connected",disconnected:"SDDC Manager not answering",editor_device:"VCF domain",editor_log_lines:"Log lines shown",full_log:"Full log",hide_log:"Fewer lines",log:"Log",no_domain:"No DataCenter Assistant domain found for {reference}",no_log:"No upgrade activity yet",progress:"{percent} %",start_upgrade:"Start upgrade",starting:"Starting…",unavailable:"SDDC Manager cannot be reached: the domain's state is unknown",up_to_date:"up to date",component_in_progress:"upgrading",component_waiting:"waiting",component_completed:"done",component_failed:"failed",phase_done:"done",phase_current:"current",phase_waiting:"waiting",phase_failed:"failed",phase_skipped:"skipped",phase_pending:"pending",whole_domain:"Domain"},Qt={en:ot};function I(r,t,e={}){return((Qt[(r??"en").split("-")[0]]??ot)[t]??ot[t]).replace(/\{(\w+)\}/g,(i,o)=>String(e[o]??`{${o}}`))}var E="datacenter_assistant",Nt="acknowledge_upgrade_alerts",Dt="VCF workload domain";var x=class extends Error{constructor(e){super(`no DataCenter Assistant domain for ${e}`);this.reference=e;this.name="DomainNotFound"}},te=new Set(["targeting_new_vcf_version","downloading_bundle","precheck_running","upgrade_in_progress","waiting_for_acknowledgment"]);function Rt(r){if(!r||typeof r.device!="string"&&typeof r.entity!="string")throw new Error("Set 'device' (a VCF domain's device) or 'entity' (its upgrade status sensor)");if(r.log_lines!==void 0&&(!Number.isInteger(r.log_lines)||r.log_lines<0||r.log_lines>50))throw new Error("'log_lines' must be a whole number from 0 to 50");return r}function Ot(r){let t=[];for(let e of Object.values(r.entities))e.platform===E&&e.translation_key==="upgrade_status"&&e.device_id&&!t.includes(e.device_id)&&t.push(e.device_id);return t.sort((e,n)=>{let s=i=>Object.values(r.entities).find(o=>o.device_id===i&&o.translation_key==="upgrade_status")?.entity_id??"";return s(e).localeCompare(s(n),void 0,{numeric:!0})})}function ee(r,t){let e=t.device;e===void 0&&t.entity!==void 0&&(e=r.entities[t.entity]?.device_id);let n=t.device??t.entity??"";if(e===void 0)throw new x(n);let s=Object.values(r.entities).filter(d=>d.platform===E),i=(d,a)=>d?s.find(p=>p.device_id===d&&p.translation_key===a)?.entity_id:void 0,o=i(e,"upgrade_status");if(o===void 0)throw new x(n);return{deviceId:e,status:o,start:i(e,"start_upgrade"),currentVersion:i(e,"current_version"),availableVersion:i(e,"available_version"),log:i(e,"upgrade_logs"),connection:i(r.devices[e]?.via_device_id,"connection")}}var ne=/^- (.+?) · \*\*(INFO|WARNING|ERROR)\*\* · (.*)$/;function se(r){if(typeof r!="string")return[];let t=[];for(let e of r.split(`
`)){let n=ne.exec(e);n!==null&&t.push({at:n[1],level:n[2].toLowerCase(),message:re(n[3])})}return t}function re(r){return r.replace(/\\(.)/g,"$1").replace(/&lt;/g,"<").replace(/&gt;/g,">").replace(/&amp;/g,"&")}function j(r){return r===void 0||r.state==="unknown"||r.state==="unavailable"?null:r.state}function at(r){return Array.isArray(r)?r:[]}function O(r,t){let e=ee(r,t),n=r.states[e.status];if(n===void 0)throw new x(e.status);let s=n.attributes,i=r.devices[e.deviceId],o=n.state!=="unavailable",d=n.state,a=s.running===!0,p=e.availableVersion?r.states[e.availableVersion]:void 0,u=p?.attributes.up_to_date===!0,h=j(e.currentVersion?r.states[e.currentVersion]:void 0),g=typeof s.target_version=="string"?s.target_version:null,m=u?null:j(p),A=(a||d.endsWith("_failed"))&&g!==null?g:m,pt=e.connection?j(r.states[e.connection]):null,Mt=s.sddc_manager_reachable!==!1,ht=s.acknowledgment_pending===!0,ut=e.start?r.states[e.start]:void 0;return{name:i?.name_by_user??i?.name??e.status,entities:e,status:n,available:o,state:d,running:a,currentVersion:h,targetVersion:A,upToDate:u,phases:at(s.phases),progress:typeof s.progress_percent=="number"?s.progress_percent:null,currentComponent:typeof s.current_component=="string"?s.current_component:null,components:at(s.components),alerts:at(s.alerts),acknowledgmentPending:ht,canAcknowledge:o&&d==="waiting_for_acknowledgment"&&!ht,canStart:o&&!a&&!te.has(d)&&!u&&p!==void 0&&j(p)!==null&&ut!==void 0&&ut.state!=="unavailable",connected:pt===null?null:pt==="on"&&Mt,log:se(e.log?r.states[e.log]?.attributes.markdown:void 0)}}function Vt(r){return r.running&&["downloading_bundle","precheck_running","upgrade_in_progress"].includes(r.state)}function Ht(r){let t=r.components[0]?.total??0;if(r.state!=="upgrade_in_progress"||t===0)return r.progress;let n=(r.components.filter(s=>s.state==="completed").length+(r.progress??0)/100)/t;return Math.min(100,Math.round(n*100))}function lt(r){if(r===null||!Number.isFinite(r))return"";let t=Math.round(r),e=Math.floor(t/3600),n=Math.floor(t%3600/60),s=t%60;return e>0?`${e} h ${n} min`:n>0?`${n} min ${s} s`:`${s} s`}var ie=[{name:"device",required:!0,selector:{device:{filter:{integration:E,model:Dt}}}},{name:"log_lines",selector:{number:{min:0,max:50,mode:"box"}}}],oe={device:"editor_device",log_lines:"editor_log_lines"},ct="datacenter-assistant-upgrade-card-editor",F=class extends f{static{this.properties={hass:{attribute:!1},_config:{state:!0}}}setConfig(t){this._config=t}connectedCallback(){super.connectedCallback(),ae()}render(){if(this.hass===void 0||this._config===void 0)return l;let e={device:this._config.device??(this._config.entity?this.hass.entities[this._config.entity]?.device_id:void 0),log_lines:this._config.log_lines??3},n=this.hass.locale?.language??this.hass.language;return c`<ha-form
      .hass=${this.hass}
      .data=${e}
      .schema=${ie}
      .computeLabel=${s=>I(n,oe[s.name])}
      @value-changed=${this.valueChanged}
    ></ha-form>`}valueChanged(t){t.stopPropagation();let{device:e,log_lines:n}=t.detail.value,s={type:this._config?.type??"custom:datacenter-assistant-upgrade-card"};e&&(s.device=e),n!==void 0&&n!==3&&(s.log_lines=n),this._config=s,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:s},bubbles:!0,composed:!0}))}};async function ae(){if(customElements.get("ha-form"))return;await(await window.loadCardHelpers?.())?.createCardElement({type:"entities",entities:[]})?.constructor?.getConfigElement?.()}var zt=W`
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
`;var B="datacenter-assistant-upgrade-card",le={waiting_for_initiation:"mdi:play-circle-outline",targeting_new_vcf_version:"mdi:target",downloading_bundle:"mdi:download",precheck_running:"mdi:clipboard-check-outline",upgrade_in_progress:"mdi:update",waiting_for_acknowledgment:"mdi:hand-back-right-outline",upgrade_completed:"mdi:flag-checkered"},ce={done:"mdi:check",failed:"mdi:close",waiting:"mdi:pause"},de={in_progress:"mdi:progress-upload",waiting:"mdi:pause-circle",completed:"mdi:check-circle",failed:"mdi:alert-circle"},dt=class extends f{static{this.styles=zt}static{this.properties={hass:{attribute:!1},_config:{state:!0},_confirmingStart:{state:!0},_pending:{state:!0},_error:{state:!0},_fullLog:{state:!0}}}constructor(){super(),this._confirmingStart=!1,this._pending=null,this._error=null,this._fullLog=!1}setConfig(t){this._config=Rt(t)}static getConfigElement(){return document.createElement(ct)}static getStubConfig(t){let[e]=Ot(t);return{type:`custom:${B}`,device:e??""}}getCardSize(){return 6+(this._config?.log_lines??3)}getGridOptions(){return{columns:12,min_columns:6,rows:"auto"}}shouldUpdate(t){if(!t.has("hass")||t.size>1)return!0;let e=t.get("hass");if(e===void 0||this.hass===void 0||this._config===void 0||e.entities!==this.hass.entities||e.devices!==this.hass.devices)return!0;try{let{entities:n}=O(this.hass,this._config);return[n.status,n.start,n.currentVersion,n.availableVersion,n.log,n.connection].some(s=>s!==void 0&&e.states[s]!==this.hass.states[s])}catch{return!0}}t(t,e){return I(this.hass?.locale?.language??this.hass?.language,t,e)}render(){if(this.hass===void 0||this._config===void 0)return l;let t;try{t=O(this.hass,this._config)}catch(e){if(!(e instanceof x))throw e;return c`<ha-card class="not-found">
        <div class="error">${this.t("no_domain",{reference:e.reference||"?"})}</div>
      </ha-card>`}return c`<ha-card data-state=${t.state}>
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
      ${t.phases.map(e=>{let n=this.phaseName(t,e.phase),s=lt(e.duration),i=`${n}: ${this.t(`phase_${e.status}`)}${s?` (${s})`:""}`;return c`<li
          class="step"
          data-phase=${e.phase}
          data-status=${e.status}
          title=${i}
          aria-current=${e.status==="current"||e.status==="waiting"?"step":"false"}
        >
          <span class="marker"><ha-icon icon=${ce[e.status]??le[e.phase]}></ha-icon></span>
          <span class="step-label">${n}</span>
        </li>`})}
    </ol>`}renderStatus(t){if(!t.available)return c`<div class="status"><span class="error">${this.t("unavailable")}</span></div>`;let e=t.components.find(s=>s.state==="in_progress"||s.state==="waiting"),n=[e?`${this.componentName(e)} (${e.position}/${e.total})`:"",t.progress!==null?this.t("progress",{percent:t.progress}):""].filter(Boolean);return c`<div class="status">
        <span class="state">${this.hass?.formatEntityState?.(t.status)??t.state}</span>
        ${t.running&&n.length>0?c`<span class="detail">${n.join(" · ")}</span>`:l}
      </div>
      ${Vt(t)?this.renderProgress(Ht(t)):l}`}renderProgress(t){return c`<div
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
            <ha-icon icon=${de[e.state]}></ha-icon>
            <div>
              <div>${this.componentName(e)}</div>
              <div class="versions-cell">
                ${e.from_version??""}${e.from_version&&e.to_version?" → ":""}${e.to_version??""}
              </div>
            </div>
            <div class="meta">
              <div>${this.t(`component_${e.state}`)}</div>
              <div>${lt(e.duration)}</div>
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
    </section>`}updated(t){if(super.updated(t),this._confirmingStart&&this.hass!==void 0&&this._config!==void 0)try{O(this.hass,this._config).canStart||(this._confirmingStart=!1)}catch{this._confirmingStart=!1}}askToStart(){this._error=null,this._confirmingStart=!0}cancelStart(){this._confirmingStart=!1}async confirmStart(){let t=this.currentView();t?.entities.start!==void 0&&(await this.call("start",()=>this.hass.callService("button","press",{},{entity_id:t.entities.start})),this._confirmingStart=!1)}async acknowledge(){let t=this.currentView();t!==null&&await this.call("acknowledge",()=>this.hass.callService(E,Nt,{},{entity_id:t.entities.status}))}toggleLog(){this._fullLog=!this._fullLog}currentView(){if(this.hass===void 0||this._config===void 0)return null;try{return O(this.hass,this._config)}catch{return null}}async call(t,e){this._pending=t,this._error=null;try{await e()}catch(n){this._error=n instanceof Error?n.message:String(n?.message??n)}finally{this._pending=null}}};customElements.whenDefined("home-assistant").then(()=>{for(let[r,t]of[[ct,F],[B,dt]])customElements.get(r)||customElements.define(r,t)});var K=window;K.customCards=K.customCards??[];K.customCards.some(r=>r.type===B)||K.customCards.push({type:B,name:"VCF domain upgrade",description:"One VCF domain's upgrade: phases, components, alerts, start and acknowledge.",preview:!0,documentationURL:"https://github.com/datacenter-assistant/datacenter-assistant#the-dashboard-card"});export{B as CARD_TYPE,dt as DatacenterAssistantUpgradeCard};
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
