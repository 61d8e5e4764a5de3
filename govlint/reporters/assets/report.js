(function(){
const rows=JSON.parse(document.getElementById('findings-data').textContent);
const body=document.querySelector('#findings tbody');const size=200;let page=0,key=null,asc=true,shown=rows;
const cols=['path','organ','year','code','severity','where','expected','found','message'];
function esc(s){return String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));}
function apply(){const q=document.getElementById('filter').value.trim().toLowerCase();
 const sev=document.getElementById('severity').value, rule=document.getElementById('rule').value;
 shown=rows.filter(r=>(!sev||r.severity===sev)&&(!rule||r.code===rule)&&
  (!q||(r.path+' '+r.organ+' '+r.code+' '+r.name+' '+r.message+' '+r.where).toLowerCase().includes(q)));
 if(key){shown=shown.slice().sort((a,b)=>{const x=a[key],y=b[key];const c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'zh');return asc?c:-c;});}
 page=0;draw();}
function draw(){const pages=Math.max(1,Math.ceil(shown.length/size));page=Math.min(page,pages-1);
 body.innerHTML=shown.slice(page*size,(page+1)*size).map(r=>'<tr>'+cols.map(k=>'<td'+(k==='severity'?' class="'+r.severity+'"':'')+'>'+esc(k==='severity'?W[r.severity]:(k==='path'?r.path+':'+r.line:r[k]))+'</td>').join('')+'</tr>').join('');
 document.getElementById('pageinfo').textContent=W.page.replace('{p}',page+1).replace('{n}',pages).replace('{c}',shown.length);}
document.querySelectorAll('#findings th').forEach(th=>th.addEventListener('click',()=>{const k=th.dataset.key;asc=(key===k)?!asc:true;key=k;apply();}));
['filter','severity','rule'].forEach(id=>document.getElementById(id).addEventListener('input',apply));
document.getElementById('prev').addEventListener('click',()=>{if(page>0){page--;draw();}});
document.getElementById('next').addEventListener('click',()=>{page++;draw();});
apply();})();
