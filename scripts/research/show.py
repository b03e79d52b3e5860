import sys,json
for l in open(sys.argv[1]):
  try: d=json.loads(l)
  except: continue
  e=d.get('ensemble') or {}
  print(d['task'][:8], d['args'][:70].ljust(70),'| pre',d['pretrain_s'],'tr',d['train_s'],'| deep',d['deep']['f1'],d['deep']['acc'],'| best',e.get('best',{}).get('w'),e.get('best',{}).get('f1'),e.get('best',{}).get('acc'),'| 2f',e.get('twoFold',{}).get('f1'),e.get('twoFold',{}).get('acc'), 'leak', d['leaked'])
