# Draws bench/time-to-window.png from the data report.py writes into DATADIR
# (gnuplot -e "datadir='...'; out='...'" plot.gp): one box and the single runs
# per method, and the three time-to-window targets of issue 7 for skype-wrap.
load datadir.'/plot-vars.gp'
set terminal pngcairo size 1200,700 font ',12'
set output out
set title sprintf("Time from launch to the app's window on the caller's display (%d runs each; lower is better)", runs)
set ylabel 'seconds (log scale)'
set logscale y
set ytics (0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20, 30)
set mytics 1
set grid ytics lc rgb '#dddddd'
set xrange [0.4:nmethods + 0.6]
set yrange [ymin:ymax]
set key top right box opaque
set bmargin 4
set style fill solid 0.25 border -1
set style boxplot nooutliers
set boxwidth 0.5
set jitter spread 0.35
set arrow 1 from 0.4, fj to nmethods + 0.6, fj nohead dt 2 lw 2 lc rgb '#d62728' front
set arrow 2 from 0.4, ref to nmethods + 0.6, ref nohead dt 3 lw 2 lc rgb '#ff7f0e' front
set arrow 3 from 0.4, floor to nmethods + 0.6, floor nohead dt 4 lw 2 lc rgb '#2ca02c' front
plot for [i=1:nmethods] datadir.'/ttw.dat' index (i - 1) using (i):2:(0.5) \
          with boxplot lc rgb '#1f77b4' notitle, \
     datadir.'/ttw.dat' using 1:2 with points pt 7 ps 1.1 lc rgb '#333333' title 'one run', \
     NaN with lines dt 2 lw 2 lc rgb '#d62728' title 'target: 0.5 × firejail', \
     NaN with lines dt 3 lw 2 lc rgb '#ff7f0e' title 'target: 0.8 × reference.sh', \
     NaN with lines dt 4 lw 2 lc rgb '#2ca02c' title 'target: 1.1 × floor'
