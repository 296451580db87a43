"""A small made-up timeline (Trump, Kim, their states) written to the store named on the
command line: for the graph and brief tests and for looking at their output."""
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timeline_factory import doc, report
from newsgraph.link import write_batch
from newsgraph.store import open_store
p=sys.argv[1]
for f in (p, p+'-wal', p+'-shm'):
    if os.path.exists(f): os.remove(f)
T, K = "Donald Trump", "Kim Jong Un"
docs = [
 doc("fire", [report(K, "United States", "138", "2017-08-09", goldstein=-7.0)], published="2017-08-10",
     quotes=((K, "the United States will face fire and fury of its own making"),)),
 doc("fury", [report(T, "North Korea", "138", "2017-08-08", goldstein=-7.0),
              report("North Korea", "Japan", "190", "2017-08-29", goldstein=-10.0)], published="2017-08-09",
     quotes=((T, "they will be met with fire and fury like the world has never seen"),)),
 doc("invite", [report(K, T, "036", "2018-03-08", goldstein=4.0)], published="2018-03-09"),
 doc("sg-a", [report(T, K, "043", "2018-06-12", location="Singapore", goldstein=2.8),
              report(T, K, "057", "2018-06-12", location="Singapore", goldstein=8.0)], published="2018-06-12",
     quotes=((T, "we have developed a very special bond"),)),
 doc("sg-b", [report("United States", "North Korea", "04", "2018-06", goldstein=1.0)], published="2018-06-14",
     quotes=((K, "the world will see a major change"),)),
 doc("hanoi", [report(T, K, "044", "2019-02-27", location="Hanoi", goldstein=1.0),
               report(T, K, "125", "2019-02-28", location="Hanoi", goldstein=-5.0)], published="2019-02-28",
     quotes=((T, "sometimes you have to walk"),)),
 doc("dmz", [report(T, K, "042", "2019-06-30", goldstein=1.9)], published="2019-07-01"),
 doc("three", [report(T, K, "04", "2018/2019", goldstein=1.0)], published="2023-09-20"),
 doc("missiles", [report("North Korea", "Japan", "150", "2023-04", goldstein=-7.2),
                  report("North Korea", "United States", "173", "2022", goldstein=-5.0)], published="2023-09-20"),
]
with open_store(p) as st: write_batch(st, docs)
