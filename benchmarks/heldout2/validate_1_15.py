"""Sanity check for annotations_1_15.jsonl (format/consistency only; no system output involved)."""
import json, sys
base='/work/main/benchmarks/heldout2/'
arts=[json.loads(l) for l in open(base+'articles.jsonl', encoding='utf-8')][:15]
anns=[json.loads(l) for l in open(base+'annotations_1_15.jsonl', encoding='utf-8')]
ERR=[]
def err(*a): ERR.append(' '.join(map(str,a)))
if len(anns)!=15: err('count', len(anns))
TYPES={'PER','ORG','LOC'}
MST={'occurred','planned','requested','cancelled'}; MODES={'phone','video','visit','multilateral','in_person','unknown'}
ROLES={'host','visitor','mediator','participant'}
AST={'signed','agreed_in_principle','negotiating','proposed','rejected','historical'}
for a,r in zip(arts,anns):
    i=r['id']
    if a['id']!=i: err(i,'id order mismatch',a['id'])
    if set(r)!={'id','actors','events','notes'}: err(i,'keys',set(r))
    full=a['title']+'\n'+a['text']
    names=[x['name_en'] for x in r['actors']]
    if len(names)!=len(set(names)): err(i,'duplicate actor names')
    for x in r['actors']:
        if set(x)!={'name_en','type','country','ar'}: err(i,'actor keys',x)
        if x['type'] not in TYPES: err(i,'type',x)
        c=x['country']
        if not (c is None or (isinstance(c,str) and len(c)==3 and c.isupper())): err(i,'country',x)
        for f in x['ar']:
            if f not in full: err(i,'ar form not in article',x['name_en'],f)
    for e in r['events']:
        if e['trigger'] not in e['evidence']: err(i,'trigger not in evidence',e['trigger'])
        if e['evidence'] not in full: err(i,'evidence not verbatim',e['evidence'][:60])
        if not isinstance(e['negated'],bool): err(i,'negated')
        if e['type']=='meeting':
            if set(e)!={'type','participants','status','mode','negated','trigger','evidence'}: err(i,'mkeys',set(e))
            if e['status'] not in MST: err(i,'mstatus',e['status'])
            if e['mode'] not in MODES: err(i,'mode',e['mode'])
            for p in e['participants']:
                if p['name_en'] not in names: err(i,'participant not actor',p)
                if p['role'] not in ROLES: err(i,'role',p)
        elif e['type']=='agreement':
            if set(e)!={'type','parties','kind','status','negated','trigger','evidence'}: err(i,'akeys',set(e))
            if e['status'] not in AST: err(i,'astatus',e['status'])
            for p in e['parties']:
                if p['name_en'] not in names: err(i,'party not actor',p)
        else: err(i,'event type',e['type'])
print('\n'.join(ERR) or 'ALL OK')
n=sum(len(r['events']) for r in anns)
print('events',n,'meetings',sum(e['type']=='meeting' for r in anns for e in r['events']),
      'agreements',sum(e['type']=='agreement' for r in anns for e in r['events']),
      'empty',sum(not r['events'] for r in anns))
sys.exit(1 if ERR else 0)
